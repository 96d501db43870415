// The explorer: GraphiQL on /graphql. Put {"Authorization": "Bearer <your key>"} in the
// Headers tab; every request to /graphql carries it. The headers are kept in this page
// only, unless the "Remember the headers" box is ticked: GraphiQL keeps its tabs, history
// and headers in this browser's localStorage, and while the box is unticked everything it
// stores there is stripped of headers first. Unticking the box strips what was kept.
(function () {
  "use strict";
  const PREFERENCE = "graphhub:rememberHeaders";
  const NAMESPACE = "graphiql:";
  const config = JSON.parse(document.getElementById("explorer-config").textContent);
  const box = document.getElementById("remember-headers");
  const root = ReactDOM.createRoot(document.getElementById("explorer"));
  const fetcher = GraphiQL.createFetcher({ url: "/graphql" });
  const local = window.localStorage;

  function remembered() {
    return local.getItem(PREFERENCE) === "true";
  }

  function strip(value) {
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === "object") {
      const out = {};
      for (const [key, item] of Object.entries(value)) {
        out[key] = key === "headers" ? null : strip(item);
      }
      return out;
    }
    return value;
  }

  function withoutHeaders(key, value) {
    if (key === NAMESPACE + "headers") return "";
    try {
      return JSON.stringify(strip(JSON.parse(value)));
    } catch (error) {
      return value;  // not JSON: a query text, a flag
    }
  }

  function forgetHeaders() {
    for (let index = local.length - 1; index >= 0; index -= 1) {
      const key = local.key(index);
      if (key && key.startsWith(NAMESPACE)) local.setItem(key, withoutHeaders(key, local.getItem(key)));
    }
  }

  // The Storage GraphiQL writes through: headers reach localStorage only when remembered.
  const storage = {
    getItem: (key) => local.getItem(key),
    setItem: (key, value) => local.setItem(key, remembered() ? value : withoutHeaders(key, value)),
    removeItem: (key) => local.removeItem(key),
    clear: () => local.clear(),
    key: (index) => local.key(index),
    get length() { return local.length; },
  };

  function render() {
    root.render(React.createElement(GraphiQL, {
      fetcher,
      storage,
      defaultQuery: config.defaultQuery,
      defaultTabs: [{ query: config.defaultQuery }, ...config.tabs],
      shouldPersistHeaders: remembered(),
      showPersistHeadersSettings: false,
      defaultEditorToolsVisibility: true,
    }));
  }

  box.checked = remembered();
  box.addEventListener("change", function () {
    if (box.checked) {
      local.setItem(PREFERENCE, "true");
    } else {
      local.removeItem(PREFERENCE);
      forgetHeaders();
    }
    render();
  });
  if (!remembered()) forgetHeaders();
  render();
})();
