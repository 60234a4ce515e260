// Types for the parts of jsdom's own dependencies that testing/computedStyle.ts uses.
declare module 'jsdom/lib/jsdom/browser/default-stylesheet' {
  const css: string;
  export default css;
}

declare module 'cssom' {
  export function parse(css: string): CSSStyleSheet;
}

declare module 'nwsapi' {
  interface Nwsapi {
    configure(options: Record<string, boolean>): void;
    match(selectors: unknown, element: Element): boolean;
  }
  export default function nwsapi(options: { document: Document; DOMException: typeof DOMException }): Nwsapi;
}
