import { type FormEvent, useId } from 'react';
import { useNavigate, useSearchParams } from 'react-router';

/** The search box in the banner; it submits to /search?q=… so results have a shareable URL. */
export function SearchForm() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const inputId = useId();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const q = String(new FormData(event.currentTarget).get('q') ?? '').trim();
    if (q) navigate(`/search?q=${encodeURIComponent(q)}`);
  };
  return (
    <search>
      <form className="search-form" onSubmit={submit} action="/search">
        <label htmlFor={inputId}>Search people, quotes, articles</label>
        <input id={inputId} name="q" type="search" defaultValue={params.get('q') ?? ''} key={params.get('q') ?? ''} />
        <button type="submit">Search</button>
      </form>
    </search>
  );
}
