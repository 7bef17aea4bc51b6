import { useRef } from 'react';
import { checkJsonObject } from './json';

/**
 * A JSON text area with line numbers that checks as you type: the status line says "valid JSON object" or
 * names the line and column of the mistake, and that line is marked in the gutter.
 */
export function JsonEditor({ value, onChange, label, rows = 16 }: { value: string; onChange: (text: string) => void; label: string; rows?: number }) {
  const gutter = useRef<HTMLDivElement>(null);
  const check = checkJsonObject(value);
  const lines = value.split('\n').length;
  const badLine = !check.ok ? check.line : undefined;
  return (
    <div className={`json-editor ${check.ok ? '' : 'invalid'}`}>
      <div className="json-editor-body" style={{ height: `${rows * 19 + 16}px` }}>
        <div className="json-gutter" ref={gutter} aria-hidden="true">
          {Array.from({ length: lines }, (_, i) => (
            <div key={i} className={i + 1 === badLine ? 'bad-line' : undefined}>{i + 1}</div>
          ))}
        </div>
        <textarea
          className="json-text"
          aria-label={label}
          spellCheck={false}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onScroll={(e) => {
            if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
          }}
        />
      </div>
      <div className={`json-status ${check.ok ? 'ok' : 'bad'}`} role="status" data-testid="json-status">
        {check.ok
          ? `Valid JSON object · ${Object.keys(check.value).length} top-level key${Object.keys(check.value).length === 1 ? '' : 's'}`
          : check.line !== undefined
            ? `Line ${check.line}, column ${check.column}: ${check.message}`
            : check.message}
      </div>
    </div>
  );
}
