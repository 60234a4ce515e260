/**
 * jsdom's window.getComputedStyle, giving the same answers, without matching every CSS rule
 * of the document against every element (installed for every test by jest-setup.js).
 *
 * jsdom (20) matches each rule of its default style sheet and of every <style> against the
 * element, and then, to resolve `visibility`, does the same again for each ancestor until one
 * declares it: depth × rules selector matches per call. The emotion styles of @grafana/ui put
 * several hundred rules in the document, and Testing Library asks for computed styles all the
 * time (getByRole's visibility check and accessible names, user-event's pointer-events check
 * on each click), so a single getByRole on the settings page cost a second of CPU, and page
 * tests outran Jest's 5 s when the machine was busy.
 *
 * Here a rule is matched only when the element has the classes, id and tag the rule's
 * selector requires of its subject (as browsers index rules), ancestors are matched only
 * against rules that declare `visibility`, and the matching itself is jsdom's own (nwsapi,
 * configured as jsdom configures it). The cascade is jsdom's, in the same order, so the
 * declaration returned is the same; computedStyle.test.tsx compares the two on every element
 * of a rendered page. Pseudo-elements and non-elements go to jsdom's own function.
 */
import defaultStyleSheet from 'jsdom/lib/jsdom/browser/default-stylesheet';
import { parse } from 'cssom';
import nwsapi from 'nwsapi';

/** What the subject of one selector in a rule's list requires of an element (lower case). */
interface Subject {
  tag?: string;
  id?: string;
  classes: string[];
}

interface Compiled {
  selectorText: unknown;
  /** null: the selector could not be read here, so the element is always matched. */
  subjects: Subject[] | null;
}

type Rule = CSSStyleRule & { media?: MediaList; cssRules?: CSSRuleList };

let jsdomComputedStyle: typeof window.getComputedStyle = (element, pseudoElement) =>
  window.getComputedStyle(element, pseudoElement);

/** jsdom's own getComputedStyle, for comparing with (computedStyle.test.tsx). */
export function jsdomGetComputedStyle(element: Element, pseudoElement?: string | null): CSSStyleDeclaration {
  return jsdomComputedStyle(element, pseudoElement);
}

export function installComputedStyle(window: Window & typeof globalThis) {
  jsdomComputedStyle = window.getComputedStyle.bind(window);
  const defaultRules = Array.from(parse(defaultStyleSheet).cssRules) as unknown as Rule[];
  const compiled = new WeakMap<Rule, Compiled>();
  let matcher: ReturnType<typeof nwsapi> | undefined;

  const matches = (rule: Rule, element: Element, key: ElementKey) => {
    let c = compiled.get(rule);
    if (!c || c.selectorText !== rule.selectorText) {
      c = { selectorText: rule.selectorText, subjects: subjectsOf(rule.selectorText) };
      compiled.set(rule, c);
    }
    if (c.subjects && !c.subjects.some((s) => key.has(s))) {
      return false;
    }
    if (!matcher) {
      // As jsdom's matchesDontThrow: created once the document has its root element.
      matcher = nwsapi({ document: window.document, DOMException: window.DOMException });
      matcher.configure({ LOGERRORS: false, VERBOSITY: false, IDS_DUPES: true, MIXEDCASE: true });
    }
    return matcher.match(rule.selectorText, element);
  };

  // The rules in jsdom's order: its default sheet, then each sheet's, media rules for "screen" opened.
  const rules = (): Rule[] => {
    const all = defaultRules.slice();
    const add = (list: ArrayLike<Rule>) => {
      for (let i = 0; i < list.length; i++) {
        const rule = list[i];
        if (rule.media) {
          if (Array.prototype.indexOf.call(rule.media, 'screen') !== -1) {
            all.push(...Array.from(rule.cssRules as unknown as ArrayLike<Rule>));
          }
        } else {
          all.push(rule);
        }
      }
    };
    for (let i = 0; i < window.document.styleSheets.length; i++) {
      add(window.document.styleSheets[i].cssRules as unknown as ArrayLike<Rule>);
    }
    return all;
  };

  // jsdom resolves only `visibility`, inherited: as specified, or the parent's, or "visible".
  const visibility = (element: Element, all: Rule[]): string => {
    const declaring = all.filter((rule) => rule.style?.getPropertyValue('visibility'));
    for (let el: Element | null = element; el; el = el.parentElement) {
      const key = new ElementKey(el);
      let value = '';
      for (const rule of declaring) {
        if (matches(rule, el, key)) {
          value = rule.style.getPropertyValue('visibility');
        }
      }
      const inline = (el as HTMLElement).style?.getPropertyValue('visibility');
      if (inline) {
        value = inline;
      }
      if (value !== '') {
        return value;
      }
    }
    return 'visible';
  };

  window.getComputedStyle = function getComputedStyle(element: Element, pseudoElement?: string | null) {
    if (!(element instanceof window.Element) || (pseudoElement !== undefined && pseudoElement !== null)) {
      return jsdomComputedStyle(element, pseudoElement);
    }
    const declaration = new window.CSSStyleDeclaration();
    const copy = (style: CSSStyleDeclaration) => {
      for (let i = 0; i < style.length; i++) {
        declaration.setProperty(style[i], style.getPropertyValue(style[i]), style.getPropertyPriority(style[i]));
      }
    };
    const all = rules();
    const key = new ElementKey(element);
    for (const rule of all) {
      if (matches(rule, element, key)) {
        copy(rule.style);
      }
    }
    declaration.setProperty('visibility', visibility(element, all));
    const inline = (element as HTMLElement).style;
    if (inline) {
      copy(inline);
    }
    return declaration;
  };
}

/** An element's tag, id and classes, lower case (a superset of what a selector could match). */
class ElementKey {
  private tag: string;
  private id: string;
  private classes: Set<string>;

  constructor(element: Element) {
    this.tag = element.localName.toLowerCase();
    this.id = (element.getAttribute('id') ?? '').toLowerCase();
    this.classes = new Set((element.getAttribute('class') ?? '').toLowerCase().split(/\s+/));
  }

  has(subject: Subject): boolean {
    return (
      (subject.tag === undefined || subject.tag === this.tag) &&
      (subject.id === undefined || subject.id === this.id) &&
      subject.classes.every((c) => this.classes.has(c))
    );
  }
}

/**
 * The tag, id and classes the last compound of each selector of a list names outside any
 * brackets, parentheses or strings; null when any selector names none of them or cannot be
 * read simply (escapes, namespaces), so that no rule is ever skipped that could match.
 */
export function subjectsOf(selectorText: unknown): Subject[] | null {
  if (typeof selectorText !== 'string' || /[\\|]/.test(selectorText)) {
    return null;
  }
  const subjects: Subject[] = [];
  for (const selector of splitTopLevel(selectorText, ',')) {
    const subject = subjectOf(lastCompound(selector.trim()));
    if (!subject) {
      return null;
    }
    subjects.push(subject);
  }
  return subjects.length > 0 ? subjects : null;
}

const IDENT = /^-?[_a-zA-Z\u0080-\uffff-][_a-zA-Z0-9\u0080-\uffff-]*/;

function subjectOf(compound: string): Subject | null {
  const subject: Subject = { classes: [] };
  const tag = IDENT.exec(compound);
  if (tag) {
    subject.tag = tag[0].toLowerCase();
  }
  for (const [i, ch] of topLevel(compound)) {
    if (ch === '.' || ch === '#') {
      const name = IDENT.exec(compound.slice(i + 1));
      if (!name) {
        return null;
      }
      if (ch === '.') {
        subject.classes.push(name[0].toLowerCase());
      } else {
        subject.id = name[0].toLowerCase();
      }
    }
  }
  return subject.tag || subject.id || subject.classes.length > 0 ? subject : null;
}

function lastCompound(selector: string): string {
  let start = 0;
  for (const [i, ch] of topLevel(selector)) {
    if (/[\s>+~]/.test(ch)) {
      start = i + 1;
    }
  }
  return selector.slice(start);
}

function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (const [i, ch] of topLevel(text)) {
    if (ch === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** The characters outside (), [] and quoted strings, with their index; pseudo-class names are skipped. */
function* topLevel(text: string): Generator<[number, string]> {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      quote = ch === quote ? '' : quote;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '(' || ch === '[') {
      depth++;
    } else if (ch === ')' || ch === ']') {
      depth--;
    } else if (depth === 0) {
      if (ch === ':') {
        // A pseudo-class or pseudo-element name is not a class, id or tag: skip it.
        const name = /^::?[_a-zA-Z0-9-]*/.exec(text.slice(i));
        i += (name?.[0].length ?? 1) - 1;
        continue;
      }
      yield [i, ch];
    }
  }
}
