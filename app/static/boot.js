// Digitale Stadt: starts the web app. A file of its own, not a script inside
// index.html, because the content security policy allows no inline script.
// The build stamps index.html with the version (`?v=`), which this script
// passes on to the files it loads.
const version = new URL(import.meta.url).searchParams.get("v");
const { default: init } = await import(`/wasm/app.js?v=${version}`);
init({ module_or_path: `/wasm/app_bg.wasm?v=${version}` });
