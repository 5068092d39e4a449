// The JupyterLab 4 front end of the browser tests, bundled from the npm packages in package.json. After
// the JupyterLab repository's examples/app (tag v4.5.10); see README.md for what differs.
const path = require('path');
const webpack = require('webpack');
const miniSVGDataURI = require('mini-svg-data-uri');
const { Build } = require('@jupyterlab/builder');
const { extensions } = require('./package.json').jupyterlab;

const output = path.resolve(__dirname, 'build');

// Copies each extension's setting schemas and themes to build/schemas and build/themes, where the
// launcher tells jupyterlab_server to find them, and writes build/style.js, which index.js imports.
const assets = Build.ensureAssets({ packageNames: extensions, output });

const inlineSvg = content => miniSVGDataURI(content.toString());

module.exports = [
  {
    entry: ['./index.js'],
    output: { path: output, filename: 'bundle.js' },
    bail: true,
    mode: process.env.LAB_BUILD_MODE === 'development' ? 'development' : 'production',
    devtool: false,
    performance: { hints: false },
    module: {
      rules: [
        // Newer ESM packages (@jupyter/web-components) import './icon.styles' without an extension.
        { test: /\.m?js$/, resolve: { fullySpecified: false } },
        { test: /\.css$/, use: ['style-loader', 'css-loader'] },
        { test: /\.html$/, type: 'asset/resource' },
        { test: /\.md$/, type: 'asset/source' },
        { test: /\.(jpg|png|gif)$/, type: 'asset/resource' },
        { test: /\.js\.map$/, type: 'asset/resource' },
        { test: /\.(woff2?|ttf)(\?v=\d+\.\d+\.\d+)?$/, type: 'asset' },
        { test: /\.eot(\?v=\d+\.\d+\.\d+)?$/, type: 'asset/resource' },
        // SVG is a data URI inside CSS and a string inside JavaScript (icons are built from it).
        { test: /\.svg(\?v=\d+\.\d+\.\d+)?$/, issuer: /\.css$/, type: 'asset/inline', generator: { dataUrl: inlineSvg } },
        { test: /\.svg(\?v=\d+\.\d+\.\d+)?$/, issuer: /\.js$/, type: 'asset/source' }
      ]
    },
    plugins: [
      // Some packages call process.cwd() (the path polyfill); a browser has no process.
      new webpack.DefinePlugin({ process: { cwd: () => '/', env: {} } })
    ]
  }
].concat(assets);
