import { Navigate, NavLink, useParams } from 'react-router';
import { paths } from '../../lib/routes.ts';
import { useTitle } from '../../lib/use-title.ts';
import { settingsSections } from './sections.tsx';

/** Settings of the person and of this AskDB: /settings/:section. */
export function SettingsPage() {
  const { section } = useParams();
  const current = settingsSections.find((s) => s.key === section);
  useTitle(current?.label, 'Settings');
  if (!current) return <Navigate to={paths.settings(settingsSections[0]!.key)} replace />;
  return (
    <main className="settings">
      <h1>Settings</h1>
      <div className="settings-layout">
        <nav aria-label="Settings sections">
          <ul className="plain">
            {settingsSections.map((s) => (
              <li key={s.key}>
                <NavLink to={paths.settings(s.key)}>{s.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div>{current.render()}</div>
      </div>
    </main>
  );
}
