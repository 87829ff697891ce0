// The /login screen.
import { Center, Paper, Stack, Text, Title } from '@mantine/core';
import { SignInForm } from './sign-in-form.tsx';
import { rememberedLogin, useSessionState } from './session.tsx';

export function SignInPage() {
  const { signIn } = useSessionState();
  const remembered = rememberedLogin();
  return (
    <Center mih="100dvh" p="md">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={400}>
        <Stack gap="xs" mb="lg">
          <Title order={1} size="h2">
            Rapport
          </Title>
          <Text c="dimmed" size="sm">
            Sign in to your organisation
          </Text>
        </Stack>
        <SignInForm initial={remembered} onSubmit={signIn} autoFocus={remembered.tenant && remembered.email ? 'password' : 'tenant'} />
      </Paper>
    </Center>
  );
}
