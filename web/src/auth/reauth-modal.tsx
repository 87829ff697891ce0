// Shown over the page when the session expires mid-work: signing in again retries what failed and
// leaves the page (and any half-filled form) as it was.
import { Modal, Text } from '@mantine/core';
import { SignInForm } from './sign-in-form.tsx';
import type { Credentials } from './session.tsx';

interface Props {
  opened: boolean;
  tenant: string;
  email: string;
  onSignIn(c: Credentials): Promise<void>;
  onCancel(): void;
}

export function ReauthModal({ opened, tenant, email, onSignIn, onCancel }: Props) {
  return (
    <Modal opened={opened} onClose={onCancel} title="Your session has ended" centered zIndex={400}>
      <Text size="sm" mb="md">
        Sign in again to carry on. Nothing you typed is lost; what you were saving will be sent once you are back.
      </Text>
      <SignInForm initial={{ tenant, email }} onSubmit={onSignIn} submitLabel="Sign in again" autoFocus={tenant && email ? 'password' : 'tenant'} />
    </Modal>
  );
}
