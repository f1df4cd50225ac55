import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

/**
 * A page's h1, also its document title. After a navigation inside the app, focus moves to it, so
 * keyboard and screen-reader users start reading at the new page instead of on the link they
 * followed. The first page of a visit keeps the browser's own focus (Tab reaches the skip link first).
 */
export function PageTitle({ children, title }: { children: React.ReactNode; title: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const { key } = useLocation();
  useEffect(() => {
    document.title = `${title} — newsgraph`;
  }, [title]);
  useEffect(() => {
    // React Router gives the visit's first location the key "default".
    if (key !== 'default') heading.current?.focus({ preventScroll: true });
  }, [key]);
  return (
    <h1 ref={heading} tabIndex={-1}>
      {children}
    </h1>
  );
}
