// A sortable, filterable table; every cell is rendered as text (never as HTML).
import { type ReactNode, useMemo, useState } from "react";

export interface Column<Row> {
  key: string;
  label: string;
  value: (row: Row) => string | number | null | undefined;
  render?: (row: Row) => ReactNode;
}

interface Props<Row> {
  rows: Row[];
  columns: Column<Row>[];
  rowKey: (row: Row) => string;
  testId?: string;
  empty?: string;
  pageSize?: number;
}

export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  const na = Number(a);
  const nb = Number(b);
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  return String(a).localeCompare(String(b));
}

export function DataTable<Row>({ rows, columns, rowKey, testId, empty, pageSize = 50 }: Props<Row>) {
  const [sort, setSort] = useState<{ key: string; asc: boolean } | null>(null);
  const [filter, setFilter] = useState("");
  const [page, setPage] = useState(0);
  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    let out = needle
      ? rows.filter((row) =>
          columns.some((c) => String(c.value(row) ?? "").toLowerCase().includes(needle)),
        )
      : rows;
    if (sort) {
      const column = columns.find((c) => c.key === sort.key);
      if (column) {
        out = [...out].sort((a, b) => {
          const order = compareValues(column.value(a), column.value(b));
          return sort.asc ? order : -order;
        });
      }
    }
    return out;
  }, [rows, columns, sort, filter]);
  const pages = Math.max(1, Math.ceil(shown.length / pageSize));
  const current = Math.min(page, pages - 1);
  const visible = shown.slice(current * pageSize, (current + 1) * pageSize);

  return (
    <div className="table" data-testid={testId}>
      <input
        className="filter"
        placeholder="filter"
        aria-label="filter rows"
        value={filter}
        onChange={(e) => {
          setFilter(e.target.value);
          setPage(0);
        }}
      />
      <span className="muted"> {shown.length} of {rows.length}</span>
      {pages > 1 && (
        <span className="pager">
          {" "}
          <button type="button" disabled={current === 0} onClick={() => setPage(current - 1)}>
            ‹ prev
          </button>{" "}
          page {current + 1} of {pages}{" "}
          <button type="button" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
            next ›
          </button>
        </span>
      )}
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th
                key={c.key}
                onClick={() =>
                  setSort((s) => ({ key: c.key, asc: s?.key === c.key ? !s.asc : true }))
                }
                aria-sort={
                  sort?.key === c.key ? (sort.asc ? "ascending" : "descending") : undefined
                }
              >
                {c.label}
                {sort?.key === c.key ? (sort.asc ? " ▲" : " ▼") : ""}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {visible.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) => (
                <td key={c.key}>{c.render ? c.render(row) : String(c.value(row) ?? "")}</td>
              ))}
            </tr>
          ))}
          {!shown.length && (
            <tr>
              <td colSpan={columns.length} className="muted">
                {empty ?? "nothing yet"}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
