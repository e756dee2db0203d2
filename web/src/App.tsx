// Routes. Pages load lazily; each signed-in page sits inside the layout and its role guard.
import { lazy, Suspense } from 'react';
import type { ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import { FullPageSpin, RequireAuth, SessionHooks, useCurrentUser } from './auth';
import { NoPermission } from './components/NoPermission';
import { AppLayout } from './layout/AppLayout';
import { can } from './permissions';
import type { Capability } from './permissions';

const LoginPage = lazy(() => import('./pages/auth/LoginPage'));
const ForcedPasswordPage = lazy(() => import('./pages/auth/ForcedPasswordPage'));
const HomePage = lazy(() => import('./pages/home/HomePage'));
const SectorsPage = lazy(() => import('./pages/org/SectorsPage'));
const UnitsPage = lazy(() => import('./pages/org/UnitsPage'));
const UnitDetailPage = lazy(() => import('./pages/org/UnitDetailPage'));
const UsersPage = lazy(() => import('./pages/org/UsersPage'));
const ImportPage = lazy(() => import('./pages/org/ImportPage'));
const AuditPage = lazy(() => import('./pages/audit/AuditPage'));
const AccountPage = lazy(() => import('./pages/account/AccountPage'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));
const MyIdeasPage = lazy(() => import('./pages/ideas/MyIdeasPage'));
const IdeaPage = lazy(() => import('./pages/ideas/IdeaPage'));
const ReviewPage = lazy(() => import('./pages/ideas/ReviewPage'));
const WordImportPage = lazy(() => import('./pages/ideas/WordImportPage'));
const DeskPage = lazy(() => import('./pages/desk/DeskPage'));
const CampaignsPage = lazy(() => import('./pages/campaigns/CampaignsPage'));
const VerifyPage = lazy(() => import('./pages/verify/VerifyPage'));
const OriginalityReportPage = lazy(() => import('./pages/originality/ReportPage'));
const ReferencesPage = lazy(() => import('./pages/originality/ReferencesPage'));
const OriginalitySettingsPage = lazy(() => import('./pages/originality/SettingsPage'));
const MyReviewsPage = lazy(() => import('./pages/evaluation/MyReviewsPage'));
const SheetPage = lazy(() => import('./pages/evaluation/SheetPage'));
const JudgesPage = lazy(() => import('./pages/evaluation/JudgesPage'));
const RoundsPage = lazy(() => import('./pages/evaluation/RoundsPage'));
const RoundPage = lazy(() => import('./pages/evaluation/RoundPage'));
const NoticesPage = lazy(() => import('./pages/evaluation/NoticesPage'));
const UnitResultsPage = lazy(() => import('./pages/evaluation/UnitResultsPage'));

/** Shows the "no permission" state when none of the capabilities applies to the user. */
function Guard({ any, children }: { any: Capability[]; children: ReactNode }) {
  const me = useCurrentUser();
  return any.some((c) => can(me, c)) ? <>{children}</> : <NoPermission />;
}

export function App() {
  return (
    <>
      <SessionHooks />
      <Suspense fallback={<FullPageSpin />}>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/verify" element={<VerifyPage />} />
          <Route
            path="/change-password"
            element={
              <RequireAuth allowPasswordChange>
                <ForcedPasswordPage />
              </RequireAuth>
            }
          />
          <Route
            element={
              <RequireAuth>
                <AppLayout />
              </RequireAuth>
            }
          >
            <Route index element={<HomePage />} />
            <Route path="org/sectors" element={<Guard any={['org.sectors.view']}><SectorsPage /></Guard>} />
            <Route path="org/units" element={<Guard any={['org.units.view']}><UnitsPage /></Guard>} />
            <Route path="org/units/:id" element={<Guard any={['org.units.view', 'unit.own']}><UnitDetailPage /></Guard>} />
            <Route path="org/users" element={<Guard any={['org.users.view']}><UsersPage /></Guard>} />
            <Route path="org/import" element={<Guard any={['org.import']}><ImportPage /></Guard>} />
            <Route path="audit" element={<Guard any={['audit.view']}><AuditPage /></Guard>} />
            <Route path="account" element={<AccountPage />} />
            <Route path="ideas" element={<Guard any={['ideas.write']}><MyIdeasPage /></Guard>} />
            <Route path="ideas/review" element={<Guard any={['ideas.review']}><ReviewPage /></Guard>} />
            <Route path="ideas/import" element={<Guard any={['ideas.import']}><WordImportPage /></Guard>} />
            {/* Same element as ideas/:id so that the form stays mounted when its new draft gets an id; IdeaPage checks ideas.write itself. */}
            <Route path="ideas/new" element={<IdeaPage />} />
            <Route path="ideas/:id" element={<IdeaPage />} />
            <Route path="ideas/:id/originality" element={<Guard any={['originality.report']}><OriginalityReportPage /></Guard>} />
            <Route path="originality/references" element={<Guard any={['originality.references']}><ReferencesPage /></Guard>} />
            <Route path="originality/settings" element={<Guard any={['originality.settings']}><OriginalitySettingsPage /></Guard>} />
            <Route path="evaluation/my" element={<Guard any={['evaluation.judge']}><MyReviewsPage /></Guard>} />
            <Route path="evaluation/my/:id" element={<Guard any={['evaluation.judge']}><SheetPage /></Guard>} />
            <Route path="evaluation/judges" element={<Guard any={['evaluation.judges']}><JudgesPage /></Guard>} />
            <Route path="evaluation/rounds" element={<Guard any={['evaluation.manage']}><RoundsPage /></Guard>} />
            <Route path="evaluation/rounds/:id" element={<Guard any={['evaluation.manage']}><RoundPage /></Guard>} />
            <Route path="evaluation/notices" element={<Guard any={['evaluation.notices']}><NoticesPage /></Guard>} />
            <Route path="evaluation/results" element={<Guard any={['evaluation.results']}><UnitResultsPage /></Guard>} />
            <Route path="desk" element={<Guard any={['ideas.desk']}><DeskPage /></Guard>} />
            <Route path="campaigns" element={<Guard any={['campaigns.manage']}><CampaignsPage /></Guard>} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </Suspense>
    </>
  );
}
