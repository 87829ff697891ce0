// The tenant / email / password form, used by the sign-in page and the re-sign-in modal.
import { useState, type FormEvent } from 'react';
import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { ApiError } from '../api/client.ts';
import type { Credentials } from './session.tsx';

interface Props {
  initial: Partial<Credentials>;
  onSubmit(c: Credentials): Promise<void>;
  submitLabel?: string;
  /** Which field gets focus first (the password when tenant and email are known). */
  autoFocus?: keyof Credentials;
}

function messageOf(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 429) return 'Too many attempts. Wait a minute and try again.';
    return err.problem.detail ?? err.message;
  }
  return 'Could not reach the server. Check your connection and try again.';
}

export function SignInForm({ initial, onSubmit, submitLabel = 'Sign in', autoFocus = 'tenant' }: Props) {
  const [values, setValues] = useState<Credentials>({ tenant: initial.tenant ?? '', email: initial.email ?? '', password: '' });
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const set = (k: keyof Credentials) => (e: { currentTarget: { value: string } }) => {
    const v = e.currentTarget.value;
    setValues((s) => ({ ...s, [k]: v }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      await onSubmit({ ...values, tenant: values.tenant.trim(), email: values.email.trim() });
    } catch (err) {
      const fe = err instanceof ApiError ? err.problem.fieldErrors ?? [] : [];
      if (fe.length) setFieldErrors(Object.fromEntries(fe.map((f) => [f.field.replace(/^body\./, ''), f.message])));
      else setError(messageOf(err));
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-label={submitLabel}>
      <Stack gap="sm">
        {error && (
          <Alert color="red" role="alert" title="Sign-in failed">
            {error}
          </Alert>
        )}
        <TextInput label="Tenant" name="tenant" required autoComplete="organization" value={values.tenant} onChange={set('tenant')} error={fieldErrors.tenant} data-autofocus={autoFocus === 'tenant' || undefined} />
        <TextInput label="Email" name="email" type="email" required autoComplete="username" value={values.email} onChange={set('email')} error={fieldErrors.email} data-autofocus={autoFocus === 'email' || undefined} />
        <PasswordInput label="Password" name="password" required autoComplete="current-password" value={values.password} onChange={set('password')} error={fieldErrors.password} data-autofocus={autoFocus === 'password' || undefined} />
        <Button type="submit" loading={busy} fullWidth>
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}
