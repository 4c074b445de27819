// The lab's Backstage frontend: @backstage/create-app's default app (new frontend system, src/App.tsx and
// src/index.tsx of its template) with the catalog, scaffolder, search, org and API docs plugins, and a guest sign-in
// page (SignInPageBlueprint + core-components' SignInPage, providers ['guest'], as the Backstage auth docs show).
import { createApp } from '@backstage/frontend-defaults';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { SignInPage } from '@backstage/core-components';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import searchPlugin from '@backstage/plugin-search/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import apiDocsPlugin from '@backstage/plugin-api-docs/alpha';

const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => props => <SignInPage {...props} providers={['guest']} />,
  },
});

export default createApp({
  features: [
    catalogPlugin,
    scaffolderPlugin,
    searchPlugin,
    orgPlugin,
    apiDocsPlugin,
    createFrontendModule({ pluginId: 'app', extensions: [signInPage] }),
  ],
});
