// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');

module.exports = {
  // Jest configuration provided by Grafana scaffolding
  ...base,
  moduleNameMapper: {
    ...base.moduleNameMapper,
    'react-inlinesvg': '<rootDir>/src/testing/inlineSvgMock.tsx',
    // Floating menus and tooltips positioned without asking jsdom for styles (see the file).
    '^@floating-ui/dom$': '<rootDir>/src/testing/floatingUi.ts',
  },
  transform: {
    ...base.transform,
    // d3-color (pulled in by @grafana/ui) ships only ES modules as .mjs, which the
    // scaffold's transform (.js/.ts only) leaves untransformed.
    '^.+\\.mjs$': ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' } }, module: { type: 'commonjs' } }],
  },
};
