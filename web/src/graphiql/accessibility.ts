/**
 * GraphiQL 4's markup misses a few things axe-core counts as serious: CodeMirror's hidden textareas
 * have no label, its scroll areas cannot be reached from the keyboard, and the single query tab is a
 * `role="tab"` holding buttons. GraphiQL offers no props for these, so this watches its DOM and
 * fixes each as it appears (colours are fixed in accessibility.css).
 */

const EDITOR_NAMES: Array<[selector: string, name: string]> = [
  ['.graphiql-query-editor', 'Query editor'],
  ['.graphiql-editor-tool .graphiql-editor:not(.hidden):nth-child(1)', 'Variables editor'],
  ['.graphiql-editor-tool', 'Variables or headers editor'],
  ['.result-window', 'Response'],
];

function nameOf(element: Element): string {
  for (const [selector, name] of EDITOR_NAMES) if (element.closest(selector)) return name;
  return 'Editor';
}

function fix(root: HTMLElement): void {
  for (const textarea of root.querySelectorAll('.CodeMirror textarea:not([aria-label])'))
    textarea.setAttribute('aria-label', nameOf(textarea));
  // Reachable with Tab, so a keyboard user can scroll a long response.
  for (const scroll of root.querySelectorAll('.CodeMirror-scroll[tabindex="-1"]')) {
    scroll.setAttribute('tabindex', '0');
    scroll.setAttribute('aria-label', `${nameOf(scroll)} (scrollable)`);
  }
  // The tab strip is a list of open operations, each with its own buttons: list semantics fit it.
  for (const list of root.querySelectorAll('[role="tablist"]')) list.setAttribute('role', 'list');
  for (const tab of root.querySelectorAll('li[role="tab"]')) {
    tab.setAttribute('role', 'listitem');
    tab.removeAttribute('aria-selected');
  }
}

export function keepAccessible(root: HTMLElement): void {
  fix(root);
  new MutationObserver(() => fix(root)).observe(root, { childList: true, subtree: true });
}
