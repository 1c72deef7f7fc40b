import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useAuth } from '../auth.tsx';
import { ErrorText } from '../components/ui.tsx';
import { api, post } from '../lib/api.ts';
import type { Tokens } from '../lib/session.ts';
import { useTitle } from '../lib/use-title.ts';

function useLogin() {
  const auth = useAuth();
  return async (username: string, password: string) => {
    auth.signIn(await post<Tokens>('/auth/login', { username, password }));
  };
}

/** A form's submit handler with its busy flag and error, for actions that end on the home page. */
function useSubmit(action: (form: FormData) => Promise<void>) {
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await action(form);
      navigate('/');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return { submit, error, busy };
}

export function LoginPage() {
  useTitle('Sign in');
  const login = useLogin();
  const { submit, error, busy } = useSubmit((form) =>
    login(String(form.get('username')), String(form.get('password'))),
  );
  return (
    <main className="narrow">
      <h1>Sign in to AskDB</h1>
      <form onSubmit={submit} className="stack">
        <label>
          Username or email
          {/* biome-ignore lint/a11y/noAutofocus: the page's one task starts in this field */}
          <input name="username" autoComplete="username" required autoFocus />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <ErrorText error={error} />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        New here? <Link to="/register">Create an account</Link>
      </p>
    </main>
  );
}

export function RegisterPage() {
  useTitle('Create an account');
  const login = useLogin();
  const { submit, error, busy } = useSubmit(async (form) => {
    const username = String(form.get('username'));
    const password = String(form.get('password'));
    await post('/auth/register', { username, email: String(form.get('email')), password });
    await login(username, password);
  });
  return (
    <main className="narrow">
      <h1>Create your AskDB account</h1>
      <form onSubmit={submit} className="stack">
        <label>
          Username <small className="muted">(3–32 of a-z, 0-9, _ . -)</small>
          {/* biome-ignore lint/a11y/noAutofocus: the page's one task starts in this field */}
          <input name="username" autoComplete="username" required minLength={3} maxLength={32} autoFocus />
        </label>
        <label>
          Email
          <input name="email" type="email" autoComplete="email" required />
        </label>
        <label>
          Password <small className="muted">(at least 8 characters)</small>
          <input name="password" type="password" autoComplete="new-password" required minLength={8} />
        </label>
        <ErrorText error={error} />
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create account'}
        </button>
      </form>
      <p>
        Already have an account? <Link to="/login">Sign in</Link>
      </p>
    </main>
  );
}

export function ProfilePage() {
  useTitle('Your profile');
  const { user } = useAuth();
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setError(null);
    setMessage(null);
    try {
      await api('/users/me/change-password', {
        method: 'POST',
        body: JSON.stringify({ current_password: form.get('current'), new_password: form.get('next') }),
      });
      formElement.reset();
      setMessage('Password changed. Other sessions were signed out.');
    } catch (e) {
      setError(e);
    }
  }
  return (
    <main className="narrow">
      <h1>Your profile</h1>
      <p>
        Signed in as <strong>{user?.username}</strong> ({user?.email})
      </p>
      <h2>Change password</h2>
      <form onSubmit={submit} className="stack">
        <label>
          Current password
          <input name="current" type="password" autoComplete="current-password" required />
        </label>
        <label>
          New password
          <input name="next" type="password" autoComplete="new-password" required minLength={8} />
        </label>
        <ErrorText error={error} />
        {message && <p role="status">{message}</p>}
        <button type="submit">Change password</button>
      </form>
    </main>
  );
}
