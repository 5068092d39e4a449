// The page's entry point: JupyterLab's own plugins, minus those that need the `jupyterlab` Python
// package, which this front end goes without (jupyterlab_server serves it).
import { JupyterLab } from '@jupyterlab/application';
import { PageConfig } from '@jupyterlab/coreutils';

// Chunks and assets load from where the server mounts build/ (set before any CSS is imported).
// eslint-disable-next-line no-undef
__webpack_public_path__ = PageConfig.getOption('fullStaticUrl') + '/';

const styles = import('./build/style.js');

// Left out, by plugin id:
// - the announcements (news and update check): they ask /lab/api/news and /lab/api/update, which only
//   the `jupyterlab` package serves; with jupyterlab_server 2.16 the first 404 there leaves a
//   "Path Not Found" dialog on every later /lab page until the server restarts;
// - the language-server plugins: no language server runs behind this front end.
const LEFT_OUT = [':announcements', ':language-server'];

const without = module => module.default.filter(plugin => !LEFT_OUT.some(s => plugin.id.endsWith(s)));

// One import per entry of "jupyterlab.extensions" in package.json (webpack needs them spelled out).
const plugins = [
  import('@jupyterlab/application-extension'),
  import('@jupyterlab/apputils-extension').then(without),
  import('@jupyterlab/celltags-extension'),
  import('@jupyterlab/codemirror-extension'),
  import('@jupyterlab/completer-extension'),
  import('@jupyterlab/console-extension'),
  import('@jupyterlab/docmanager-extension'),
  import('@jupyterlab/documentsearch-extension'),
  import('@jupyterlab/filebrowser-extension'),
  import('@jupyterlab/fileeditor-extension').then(without),
  import('@jupyterlab/help-extension'),
  import('@jupyterlab/inspector-extension'),
  import('@jupyterlab/launcher-extension'),
  import('@jupyterlab/mainmenu-extension'),
  import('@jupyterlab/markdownviewer-extension'),
  import('@jupyterlab/markedparser-extension'),
  import('@jupyterlab/mathjax-extension'),
  import('@jupyterlab/metadataform-extension'),
  import('@jupyterlab/notebook-extension').then(without),
  import('@jupyterlab/rendermime-extension'),
  import('@jupyterlab/running-extension'),
  import('@jupyterlab/settingeditor-extension'),
  import('@jupyterlab/shortcuts-extension'),
  import('@jupyterlab/statusbar-extension'),
  import('@jupyterlab/theme-light-extension'),
  import('@jupyterlab/toc-extension'),
  import('@jupyterlab/tooltip-extension'),
  import('@jupyterlab/translation-extension'),
  import('@jupyterlab/ui-components-extension')
];

const mimeRenderers = [import('@jupyterlab/json-extension')];

window.addEventListener('load', async () => {
  await styles;
  const lab = new JupyterLab({ mimeExtensions: await Promise.all(mimeRenderers) });
  // A filtered module is an array of plugins; the others are modules whose default export is one.
  lab.registerPlugins((await Promise.all(plugins)).flatMap(m => (Array.isArray(m) ? m : [].concat(m.default))));
  // The browser tests drive the page through the application, as its menus and buttons do.
  window.jupyterapp = lab;
  await lab.start();
  await lab.restored;
});
