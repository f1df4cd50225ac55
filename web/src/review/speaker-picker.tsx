/**
 * Choosing another speaker: the extractor's runner-up candidates, or anyone found by name. Radio
 * buttons in a fieldset, so it is one Tab stop with arrow keys inside, and a search box whose
 * results join the choices.
 */
import { useQuery } from '@apollo/client/react';
import { useEffect, useId, useRef, useState } from 'react';
import { graphql } from '../__generated__';

const SpeakerSearchQuery = graphql(`
  query SpeakerSearch($name: String!) {
    people(filter: { name: $name }, first: 8) {
      nodes {
        id
        name
        description
      }
    }
  }
`);

export interface SpeakerChoice {
  id: string;
  name: string;
  note?: string | null;
}

const SEARCH_DELAY_MS = 250;

export function SpeakerPicker(props: {
  statementText: string;
  candidates: SpeakerChoice[];
  currentId: string | undefined;
  busy: boolean;
  onConfirm: (speaker: SpeakerChoice) => void;
  onCancel: () => void;
}) {
  const [chosen, setChosen] = useState<string | undefined>(props.candidates.find((c) => c.id !== props.currentId)?.id);
  const [typed, setTyped] = useState('');
  const [term, setTerm] = useState('');
  const name = useId();
  const form = useRef<HTMLFormElement>(null);
  // Opening the picker moves focus into it: the chosen candidate, else the search box.
  useEffect(() => {
    form.current?.querySelector<HTMLInputElement>('input:checked, input[type="search"]')?.focus();
  }, []);
  const searchId = useId();
  useEffect(() => {
    const timer = setTimeout(() => setTerm(typed.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [typed]);
  const { data, loading } = useQuery(SpeakerSearchQuery, { variables: { name: term }, skip: term.length < 2 });
  const found = term.length >= 2 ? (data?.people.nodes ?? []) : [];
  const known = new Set(props.candidates.map((c) => c.id));
  const choices = [
    ...props.candidates,
    ...found.filter((p) => !known.has(p.id)).map((p) => ({ id: p.id, name: p.name, note: p.description })),
  ];
  const selected = choices.find((c) => c.id === chosen);
  return (
    <form
      ref={form}
      className="speaker-picker"
      onSubmit={(event) => {
        event.preventDefault();
        if (selected) props.onConfirm(selected);
      }}
    >
      <fieldset>
        <legend>Who said “{props.statementText}”?</legend>
        {choices.length === 0 ? <p className="empty">No other candidate: search for a person below.</p> : null}
        {choices.map((choice) => (
          <label key={choice.id} className="choice">
            <input type="radio" name={name} value={choice.id} checked={chosen === choice.id} onChange={() => setChosen(choice.id)} />
            {choice.name}
            {choice.id === props.currentId ? ' (proposed)' : ''}
            {choice.note ? <span className="choice-note"> — {choice.note}</span> : null}
          </label>
        ))}
      </fieldset>
      <label htmlFor={searchId}>Find a person by name</label>
      <input id={searchId} type="search" autoComplete="off" value={typed} onChange={(event) => setTyped(event.target.value)} />
      <p role="status" className="help">
        {term.length < 2
          ? 'Type at least two letters.'
          : loading
            ? 'Searching…'
            : found.length === 0
              ? `Nobody named “${term}”.`
              : `${found.length} found; they are listed above.`}
      </p>
      <div className="actions">
        <button type="submit" disabled={!selected || props.busy}>
          {selected ? `Confirm with ${selected.name}` : 'Choose a speaker'}
        </button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
