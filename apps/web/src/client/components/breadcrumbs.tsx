import { Link } from 'react-router';
import { orgPath } from '../routing';

/** Root first, the current page last (aria-current). */
export function Breadcrumbs({ trail, current, asOf, label }: { trail: { id: string; name: string }[]; current: string; asOf: string | null; label: string }) {
  return (
    <nav aria-label={label} className="breadcrumbs">
      <ol>
        {trail.map((a) => (
          <li key={a.id}>
            <Link to={orgPath(a.id, asOf)}>{a.name}</Link>
          </li>
        ))}
        <li>
          <span aria-current="page">{current}</span>
        </li>
      </ol>
    </nav>
  );
}
