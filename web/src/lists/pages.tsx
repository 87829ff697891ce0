// The three list pages: the one list view configured per resource, with a row action to log an
// interaction from the list (one click opens the form with the contact or company filled in).
import { ActionIcon } from '@mantine/core';
import { useLogInteraction } from '../interactions/index.ts';
import { ListView } from './list-view.tsx';
import { companiesConfig, contactsConfig, interactionsConfig, type CompanyRow, type ContactRow, type InteractionRow } from './resources.ts';

function LogButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    // A title, not a Tooltip component: this renders in every visible row on every scroll.
    <ActionIcon size="sm" variant="subtle" aria-label={label} title={label} onClick={(e) => { e.stopPropagation(); onClick(); }} tabIndex={-1}>
      ✎
    </ActionIcon>
  );
}

export function ContactsListPage() {
  const log = useLogInteraction();
  return (
    <ListView<ContactRow> config={contactsConfig}
      rowActions={(r) => <LogButton label={`Log an interaction with ${r.displayName}`} onClick={() => log.open({ contactId: r.id, contactName: r.displayName })} />} />
  );
}

export function CompaniesListPage() {
  const log = useLogInteraction();
  return (
    <ListView<CompanyRow> config={companiesConfig}
      rowActions={(r) => <LogButton label={`Log an interaction with ${r.name}`} onClick={() => log.open({ companyId: r.id })} />} />
  );
}

export function InteractionsListPage() {
  const log = useLogInteraction();
  return (
    <ListView<InteractionRow> config={interactionsConfig}
      rowActions={(r) => {
        const contactId = r.participants?.find((p) => p.contactId)?.contactId;
        return contactId ? <LogButton label="Log a follow-up with the same contact" onClick={() => log.open({ contactId, kind: r.kind })} /> : null;
      }} />
  );
}
