// One list page: saved views, filter builder, column chooser, sort, export, the virtualised grid
// and the bulk bar. The picked saved view is in the URL (?view=id), so a reload comes back to it.
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Badge, Button, Group, NativeSelect, Paper, Stack, Title } from '@mantine/core';
import { DataGrid, type GridColumn } from '../grid/data-grid.tsx';
import { useList } from '../grid/use-list.ts';
import { useSelection } from '../grid/use-selection.ts';
import { queryParams, type Filter, type ListQuery } from '../grid/query.ts';
import { navigate, useLocation } from '../router.tsx';
import { Empty, ErrorState, Loading } from '../ui/states.tsx';
import { useCatalog, useUserMap } from './catalog.ts';
import { customColumns, type ColumnSpec } from './columns.tsx';
import { FilterBuilder } from './filter-builder.tsx';
import { ColumnChooser } from './column-chooser.tsx';
import { SavedViewsBar, useSavedViews, type SavedView, type ViewState } from './saved-views.tsx';
import { BulkBar } from './bulk-bar.tsx';
import { expandAge } from './age.ts';
import type { ListConfig, ListRow } from './resources.ts';

interface Props<T extends ListRow> {
  config: ListConfig<T>;
  /** Extra buttons per row (e.g. log an interaction). */
  rowActions?: (row: T) => ReactNode;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What a saved view shows; a view saved without sort or columns uses the list's defaults. */
const stateOf = <T extends ListRow>(v: SavedView, config: ListConfig<T>): ViewState => ({
  filters: v.filters, match: v.match, sort: v.sort ?? config.defaultSort, columns: v.columns.length ? v.columns : config.defaultColumns,
});

export function ListView<T extends ListRow>({ config, rowActions }: Props<T>) {
  const users = useUserMap();
  const catalog = useCatalog(config.resource, users);
  const views = useSavedViews(config.resource);
  const { search, pathname } = useLocation();
  const viewId = search.get('view');

  const defaults: ViewState = useMemo(() => ({ filters: [], match: 'all', sort: config.defaultSort, columns: config.defaultColumns }), [config]);
  const [state, setState] = useState<ViewState>(defaults);
  // Independent panels: opening the columns must not throw away a filter being typed.
  const [panels, setPanels] = useState({ filters: false, columns: false });
  const toggle = (p: 'filters' | 'columns') => setPanels((x) => ({ ...x, [p]: !x[p] }));
  const current = useMemo(() => views.data?.find((v) => v.id === viewId) ?? null, [views.data, viewId]);

  // Applying the view named in the URL: on first load, after a pick, after a reload.
  const [applied, setApplied] = useState<string | null>(null);
  useEffect(() => {
    if (current && applied !== `${current.id}:${current.version}`) {
      setState(stateOf(current, config));
      setApplied(`${current.id}:${current.version}`);
    }
  }, [current, applied, config]);

  const pick = (v: SavedView | null) => {
    navigate(v ? `${pathname}?view=${v.id}` : pathname, { replace: true });
    if (!v) {
      setState(defaults);
      setApplied(null);
    }
  };

  const allColumns: ColumnSpec<T>[] = useMemo(() => [...config.columns, ...customColumns<T>(catalog.customDefs)], [config.columns, catalog.customDefs]);
  const visible = useMemo(() => state.columns.flatMap((id) => allColumns.find((c) => c.id === id) ?? []), [state.columns, allColumns]);
  const sortable = useMemo(() => new Set(catalog.fields.filter((f) => f.sortable).map((f) => f.field)), [catalog.fields]);
  const gridColumns: GridColumn<T>[] = useMemo(() => visible.map((c) => ({
    id: c.id, header: c.label, width: c.width,
    render: (row: T) => c.render(row, { users }),
    ...(c.sortField && sortable.has(c.sortField) ? { sortField: c.sortField } : {}),
  })), [visible, users, sortable]);
  const fields = useMemo(() => ['id', ...config.baseFields, ...visible.flatMap((c) => c.fields)], [config.baseFields, visible]);

  // What the list API is asked: the view's filters with ages as today's birth dates.
  const query: ListQuery = { filters: expandAge(state.filters), match: state.match, sort: state.sort };
  const list = useList<T>(`${config.path}`, query, fields);
  const rowIds = useMemo(() => list.rows.map((r) => r.id), [list.rows]);
  const selection = useSelection(rowIds);
  const { clear } = selection;
  // A different view is a different set of rows: what was ticked no longer applies.
  useEffect(clear, [clear, state.filters, state.match]);

  const modified = current !== null && !same(stateOf(current, config), state);
  const selectedRows = useMemo(() => list.rows.filter((r) => selection.selected.has(r.id)), [list.rows, selection.selected]);
  const open = useCallback((row: T) => {
    const href = config.href(row);
    if (href) navigate(href);
  }, [config]);

  // The export gets the same filters and sort, and the fields of the columns on screen.
  const exportParams = queryParams(query);
  exportParams.set('fields', [...new Set(['id', ...visible.flatMap((c) => c.fields)])].join(','));
  const exportHref = `/api/v1/exports/${config.resource}.csv?${exportParams.toString()}`;
  const userChoices = [...users.values()].map((u) => ({ value: u.id, label: u.name }));
  const categoryChoices = catalog.fields.find((f) => f.field === 'categoryId')?.choices ?? [];

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <Group gap="xs">
          <Title order={2}>{current ? current.name : config.title}</Title>
          {modified && <Badge variant="light" color="yellow">changed</Badge>}
        </Group>
        <SavedViewsBar resource={config.resource} views={views.data ?? []} current={current} state={state} modified={modified} onPick={pick} />
      </Group>
      <Group gap="xs">
        <Button size="xs" variant={panels.filters ? 'filled' : 'default'} onClick={() => toggle('filters')} aria-expanded={panels.filters}>
          Filters{state.filters.length ? ` (${state.filters.length})` : ''}
        </Button>
        <Button size="xs" variant={panels.columns ? 'filled' : 'default'} onClick={() => toggle('columns')} aria-expanded={panels.columns}>
          Columns
        </Button>
        <NativeSelect size="xs" aria-label="Sort by" value={state.sort ?? ''} w={200}
          onChange={(e) => { const sort = e.currentTarget.value; setState((st) => ({ ...st, sort })); }}
          data={catalog.fields.filter((f) => f.sortable).flatMap((f) => [
            { value: f.field, label: `${f.label} ↑` }, { value: `-${f.field}`, label: `${f.label} ↓` },
          ])} />
        <Button size="xs" variant="default" component="a" href={exportHref} download={`${config.resource}.csv`}>Export CSV</Button>
      </Group>
      {panels.columns && (
        <Paper withBorder p="sm">
          <ColumnChooser all={allColumns.map((c) => ({ id: c.id, label: c.label }))} visible={state.columns} onChange={(columns) => setState((s) => ({ ...s, columns }))} />
        </Paper>
      )}
      {panels.filters && (
        <Paper withBorder p="sm">
          <FilterBuilder fields={catalog.fields} filters={state.filters} match={state.match}
            onApply={(filters: Filter[], match) => setState((s) => ({ ...s, filters, match }))} />
        </Paper>
      )}
      {selectedRows.length > 0 && (
        <BulkBar config={config} rows={selectedRows} users={userChoices} categories={categoryChoices} onDone={selection.clear} />
      )}
      {list.query.isPending ? (
        <Loading label={`Loading ${config.many}`} />
      ) : list.query.isError && list.rows.length === 0 ? (
        <ErrorState error={list.query.error} onRetry={() => void list.query.refetch()} title={`Could not load ${config.many}`} />
      ) : list.rows.length === 0 ? (
        <Empty title={state.filters.length ? `No ${config.many} match these filters` : `No ${config.many} yet`}>
          {state.filters.length ? 'Change or clear the filters to see more.' : undefined}
        </Empty>
      ) : (
        <>
          {list.query.isError && <ErrorState error={list.query.error} onRetry={() => void list.query.fetchNextPage()} title="Could not load more rows" />}
          <DataGrid
            label={config.title}
            rows={list.rows}
            columns={gridColumns}
            hasMore={list.hasMore}
            loadingMore={list.loadingMore}
            onLoadMore={list.loadMore}
            selected={selection.selected}
            onToggle={selection.toggle}
            onToggleAll={selection.toggleAll}
            onOpen={open}
            rowLabel={config.rowLabel}
            sort={state.sort}
            onSort={(sort) => setState((s) => ({ ...s, sort }))}
            {...(rowActions ? { rowActions } : {})}
          />
        </>
      )}
    </Stack>
  );
}
