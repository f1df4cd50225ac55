/** The quote highlighter on tricky paragraphs: nested, crossing, repeated, partial and missing quotes. */
import { describe, expect, it } from 'vitest';
import { highlightQuotes, type ParagraphNode } from '../../web/src/quotes/highlight-quotes.js';

/** Renders the tree as text with [id:…] around quotes, to compare whole structures at a glance. */
function show(nodes: ParagraphNode[]): string {
  return nodes.map((n) => (n.kind === 'text' ? n.text : `[${n.id}${n.continued ? '+' : ''}:${show(n.children)}]`)).join('');
}

describe('highlightQuotes', () => {
  it('marks a verified quote at its offset and keeps every character of the paragraph', () => {
    const paragraph = '"Russia has to get moving," Trump wrote.';
    const { nodes, unplaced } = highlightQuotes(paragraph, [{ id: 'a', text: 'Russia has to get moving', offset: 1 }]);
    expect(show(nodes)).toBe('"[a:Russia has to get moving]," Trump wrote.');
    expect(unplaced).toEqual([]);
  });

  it('nests a partial quote inside the quote that contains it', () => {
    const paragraph = 'He called it a "senseless war" again.';
    const { nodes } = highlightQuotes(paragraph, [
      { id: 'part', text: 'senseless', offset: 16 },
      { id: 'whole', text: 'senseless war', offset: 16 },
    ]);
    expect(show(nodes)).toBe('He called it a "[whole:[part:senseless] war]" again.');
  });

  it('cuts a crossing quote where the earlier one ends, keeping its id on both pieces', () => {
    const paragraph = 'one two three four';
    const { nodes } = highlightQuotes(paragraph, [
      { id: 'a', text: 'one two three' },
      { id: 'b', text: 'two three four' },
    ]);
    expect(show(nodes)).toBe('[a:one [b:two three]][b+: four]');
  });

  it('gives repeated words to different statements, one occurrence each', () => {
    const paragraph = '"Maybe," he said. Asked again: "Maybe."';
    const { nodes } = highlightQuotes(paragraph, [
      { id: 'first', text: 'Maybe' },
      { id: 'second', text: 'Maybe' },
    ]);
    expect(show(nodes)).toBe('"[first:Maybe]," he said. Asked again: "[second:Maybe]."');
  });

  it('lets a verified offset win over an earlier occurrence of the same words', () => {
    const paragraph = 'Maybe not. But "Maybe".';
    const { nodes } = highlightQuotes(paragraph, [{ id: 'q', text: 'Maybe', offset: 16 }]);
    expect(show(nodes)).toBe('Maybe not. But "[q:Maybe]".');
  });

  it('finds a quote by its words when the stored offset is wrong', () => {
    const { nodes, unplaced } = highlightQuotes('said it was "not a bad guy".', [{ id: 'q', text: 'not a bad guy', offset: 3 }]);
    expect(show(nodes)).toBe('said it was "[q:not a bad guy]".');
    expect(unplaced).toEqual([]);
  });

  it('reports a quote whose words are not in the paragraph instead of dropping it', () => {
    const { nodes, unplaced } = highlightQuotes('Nothing quoted here.', [{ id: 'gone', text: 'great leader', offset: null }]);
    expect(show(nodes)).toBe('Nothing quoted here.');
    expect(unplaced).toEqual(['gone']);
  });

  it('handles quotes that touch without overlapping and quotes at both ends', () => {
    const paragraph = 'abcdef';
    const { nodes } = highlightQuotes(paragraph, [
      { id: 'x', text: 'abc', offset: 0 },
      { id: 'y', text: 'def', offset: 3 },
    ]);
    expect(show(nodes)).toBe('[x:abc][y:def]');
  });
});
