import React from 'react';

/**
 * Stands in for react-inlinesvg (which would fetch icons over HTTP) in Jest.
 * Same idea as the scaffold's .config/jest/mocks/react-inlinesvg.tsx, whose
 * regex backtracks for seconds on the 95 KB data-URI images of EmptyState.
 */
export default function InlineSVG({ src }: { src: string }) {
  const name = src.startsWith('data:') ? 'inline-image' : (src.split('/').pop() ?? '').replace(/\.svg$/, '');
  return <svg xmlns="http://www.w3.org/2000/svg" data-testid={name} viewBox="0 0 24 24" />;
}
