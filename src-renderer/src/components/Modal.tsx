// A modal dialog: labelled, focus starts inside it and stays there (Tab and Shift+Tab cycle through
// its controls), Escape or a click outside closes it. The keys are handled on the document, not on
// the dialog, so Escape still works if focus ever ends up elsewhere (the page behind, the body).
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';

/** The dialog's controls Tab can reach, in document order (hidden ones left out). */
export function focusableIn(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.tabIndex >= 0 && el.getClientRects().length > 0);
}

// Open dialogs, innermost last: only the innermost one answers Tab and Escape.
const open: HTMLElement[] = [];

export function Modal({ title, onClose, children, wide, className }: { title: string; onClose: () => void; children: ReactNode; wide?: boolean; className?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  const titleId = `dlg-${title.replace(/\W+/g, '-').toLowerCase()}`;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const previous = document.activeElement as HTMLElement | null;
    open.push(dialog);
    const first = dialog.querySelector<HTMLElement>('[data-autofocus]') ?? focusableIn(dialog)[0] ?? dialog;
    first.focus();
    const onKey = (e: KeyboardEvent) => {
      if (open[open.length - 1] !== dialog) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        closeRef.current();
      } else if (e.key === 'Tab') {
        const items = focusableIn(dialog);
        const active = document.activeElement as HTMLElement | null;
        const inside = active !== null && dialog.contains(active);
        const head = items[0] ?? dialog;
        const tail = items[items.length - 1] ?? dialog;
        if (e.shiftKey && (!inside || active === head || active === dialog)) {
          e.preventDefault();
          tail.focus();
        } else if (!e.shiftKey && (!inside || active === tail)) {
          e.preventDefault();
          head.focus();
        }
      }
    };
    // Focus that lands outside (a script, a click through) is brought back in.
    const onFocusIn = (e: FocusEvent) => {
      if (open[open.length - 1] === dialog && e.target instanceof Node && !dialog.contains(e.target)) (focusableIn(dialog)[0] ?? dialog).focus();
    };
    document.addEventListener('keydown', onKey, true);
    document.addEventListener('focusin', onFocusIn);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      document.removeEventListener('focusin', onFocusIn);
      open.splice(open.indexOf(dialog), 1);
      previous?.focus?.();
    };
  }, []);
  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={ref} className={`modal ${wide ? 'modal-wide' : ''} ${className ?? ''}`} role="dialog" aria-modal="true" aria-labelledby={titleId} tabIndex={-1}>
        <h2 id={titleId} className="modal-title">
          {title}
        </h2>
        {children}
      </div>
    </div>
  );
}
