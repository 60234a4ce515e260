import React from 'react';
import { render, screen } from '@testing-library/react';
import { Alert, Button, Checkbox, Collapse, Field, Input, RadioButtonGroup, Stack, Tooltip } from '@grafana/ui';

import { jsdomGetComputedStyle, subjectsOf } from './computedStyle';

// Rules of the kinds the shortcut reads: lists, combinators, pseudo-classes with selectors inside,
// attributes, media rules (jsdom applies only "screen"), and inherited, inline and !important visibility.
const CSS = `
  .hidden-by-class, section > .tip { visibility: hidden; }
  #shown-again { visibility: visible; }
  .box:not(.other, #x) span { color: red !important; display: inline-block; }
  div[data-kind="a>b, c"] { visibility: collapse; }
  @media screen { ul li.item { margin-left: 4px; } }
  @media (min-width: 10px) { .item { margin-left: 8px; } }
  * + p { pointer-events: none; }
  P.Upper { font-weight: bold; }
`;

function Page() {
  return (
    <div>
      <style>{CSS}</style>
      <section className="box hidden-by-class">
        <span>inherits hidden</span>
        <p className="Upper">
          <span id="shown-again">visible again</span>
        </p>
        <div className="tip" data-kind="a>b, c" style={{ visibility: 'visible', color: 'blue' }}>
          inline
        </div>
      </section>
      <ul>
        <li className="item">one</li>
      </ul>
      <svg>
        <foreignObject />
      </svg>
      <Stack direction="column">
        <Field label="Name" description="A field" invalid error="Needed">
          <Input id="name" value="x" onChange={() => {}} />
        </Field>
        <RadioButtonGroup
          options={[
            { label: 'A', value: 'a' },
            { label: 'B', value: 'b' },
          ]}
          value="a"
        />
        <Checkbox label="Check" value />
        <Collapse label="More" isOpen>
          <Button variant="secondary">Inside</Button>
        </Collapse>
        <Tooltip content="tip" show>
          <Button disabled>Disabled</Button>
        </Tooltip>
        <Alert title="Oops" severity="error" />
      </Stack>
    </div>
  );
}

it('computes the same style as jsdom for every element of a page of @grafana/ui components', () => {
  render(<Page />);
  expect(screen.getByText('Disabled')).toBeInTheDocument();
  const elements = Array.from(document.querySelectorAll('*'));
  expect(elements.length).toBeGreaterThan(50);
  for (const element of elements) {
    const fast = window.getComputedStyle(element);
    const jsdom = jsdomGetComputedStyle(element);
    expect({ element: element.outerHTML.slice(0, 80), css: fast.cssText }).toEqual({
      element: element.outerHTML.slice(0, 80),
      css: jsdom.cssText,
    });
    expect(fast.visibility).toBe(jsdom.visibility);
  }
  // The cases above do reach the shortcut's branches.
  expect(window.getComputedStyle(screen.getByText('inherits hidden')).visibility).toBe('hidden');
  expect(window.getComputedStyle(document.getElementById('shown-again')!).visibility).toBe('visible');
  expect(window.getComputedStyle(screen.getByText('inline')).visibility).toBe('visible');
  expect(window.getComputedStyle(screen.getByText('one')).marginLeft).toBe('4px');
});

it('reads what a selector requires of its subject, or gives up', () => {
  expect(subjectsOf('.a > .b.c, div#x:hover')).toEqual([{ classes: ['b', 'c'] }, { tag: 'div', id: 'x', classes: [] }]);
  expect(subjectsOf('.a:not(.b, .c) span::before')).toEqual([{ tag: 'span', classes: [] }]);
  expect(subjectsOf('[data-x="a .b"]')).toBeNull();
  expect(subjectsOf('.a, *')).toBeNull();
  expect(subjectsOf('.a\\:b')).toBeNull();
  expect(subjectsOf('svg|rect')).toBeNull();
  expect(subjectsOf(undefined)).toBeNull();
});
