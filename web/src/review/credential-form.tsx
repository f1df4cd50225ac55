/** Where the editor types their credential, and where it comes from. */
import { useId, useState } from 'react';
import { saveCredential } from './editor-credential';

export function CredentialForm({ problem }: { problem?: string }) {
  const [value, setValue] = useState('');
  const inputId = useId();
  const helpId = useId();
  return (
    <form
      className="credential-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (value.trim()) saveCredential(value);
      }}
    >
      <h2>Sign in to review</h2>
      {problem ? (
        <p role="alert" className="form-problem">
          {problem}
        </p>
      ) : null}
      <label htmlFor={inputId}>Editor API key or JWT</label>
      <input
        id={inputId}
        type="password"
        autoComplete="off"
        spellCheck={false}
        required
        aria-describedby={helpId}
        value={value}
        onChange={(event) => setValue(event.target.value)}
      />
      <div id={helpId} className="help">
        <p>
          Reviewing needs the <strong>editor</strong> or <strong>admin</strong> role. Your credential is either an API key your
          administrator configured on the server (<code>NEWSGRAPH_API_KEYS</code>) or a JWT signed with the server's{' '}
          <code>NEWSGRAPH_JWT_SECRET</code>. In development, <code>npm start</code> prints a demo editor token for the run (“Demo editor
          token (this run only)”).
        </p>
        <p>
          It stays in this browser tab only (session storage; closing the tab forgets it) and is sent to this server alone, as{' '}
          <code>Authorization: Bearer …</code>, with review requests. Reading pages never send it.
        </p>
      </div>
      <button type="submit">Sign in</button>
    </form>
  );
}
