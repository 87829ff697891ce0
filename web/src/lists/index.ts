// The list views' public surface: the core router mounts these three pages at /contacts,
// /companies and /interactions. Each is a component without props.
export { ContactsListPage, CompaniesListPage, InteractionsListPage } from './pages.tsx';
