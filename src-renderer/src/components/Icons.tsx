// Inline SVG icons (no icon font, nothing fetched): decorative, so hidden from screen readers.
import type { ReactElement } from 'react';

const paths: Record<string, ReactElement> = {
  plus: <path d="M8 3v10M3 8h10" />,
  stop: <rect x="4" y="4" width="8" height="8" rx="1.5" />,
  play: <path d="M5 3.5v9l7.5-4.5z" />,
  trash: <path d="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.7 8.5h5.6l.7-8.5" />,
  folder: <path d="M2 4.5A1.5 1.5 0 0 1 3.5 3h3l1.5 1.5h4.5A1.5 1.5 0 0 1 14 6v5.5a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 2 11.5z" />,
  search: <path d="M7 12A5 5 0 1 0 7 2a5 5 0 0 0 0 10zM10.6 10.6 14 14" />,
  command: <path d="M5.5 2.5a2 2 0 1 0 0 4h5a2 2 0 1 0-2-2v7a2 2 0 1 0 2-2h-5a2 2 0 1 0 2 2v-7" />,
  sun: <path d="M8 10.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM8 1.5v1.5M8 13v1.5M1.5 8H3M13 8h1.5M3.4 3.4l1 1M11.6 11.6l1 1M3.4 12.6l1-1M11.6 4.4l1-1" />,
  moon: <path d="M13 9.5A5.5 5.5 0 0 1 6.5 3a5.5 5.5 0 1 0 6.5 6.5z" />,
  copy: <path d="M5.5 5.5V3.5A1 1 0 0 1 6.5 2.5h6a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1h-2M3.5 5.5h6a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1h-6a1 1 0 0 1-1-1v-6a1 1 0 0 1 1-1z" />,
  close: <path d="M4 4l8 8M12 4l-8 8" />,
  chevronUp: <path d="M4 10l4-4 4 4" />,
  chevronDown: <path d="M4 6l4 4 4-4" />,
  filter: <path d="M2.5 3.5h11l-4.2 5v4l-2.6 1v-5z" />,
  terminal: <path d="M2.5 3.5h11v9h-11zM5 6.5l2 1.5-2 1.5M8.5 10h2.5" />,
};

export type IconName = keyof typeof paths;

export function Icon({ name, size = 16 }: { name: IconName; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      {paths[name]}
    </svg>
  );
}
