// The partnership network (templates/partners/network.html), drawn with Cytoscape.js.
//
// The page works without this file: the form's slider is submitted like any field and
// the table lists the same organizations. With it, the graph is drawn from the JSON
// block "network-data"; moving the slider fetches the page of that year (the same
// URL the form would open, so the page cache serves it) and swaps in its summary,
// table and graph. Selecting an organization opens its page, a line the two
// organizations' history (or their agreements); so do the arrow keys and Enter.
(function () {
  "use strict";

  const container = document.getElementById("network-graph");
  if (!container || typeof window.cytoscape !== "function") {
    return;
  }
  const figure = container.closest("figure");
  const form = document.querySelector(".network-form");
  const slider = form && form.querySelector("input[type=range]");
  const output = document.getElementById("network-year-value");
  const selection = document.getElementById("network-selection");
  const phrases = container.dataset;

  let cy = null;
  let data = null;
  // Keyboard: the organization selected (its index in data.nodes), and its line.
  let nodeIndex = -1;
  let edgeIndex = -1;
  let timer = null;
  let latest = 0;

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, (match, name) =>
      name in values ? String(values[name]) : match,
    );
  }

  function readData(doc) {
    const block = doc.getElementById("network-data");
    return block ? JSON.parse(block.textContent) : null;
  }

  function scaled(value, max, smallest, largest) {
    if (max <= 1) {
      return smallest;
    }
    return smallest + (largest - smallest) * Math.sqrt((value - 1) / (max - 1));
  }

  function draw(next) {
    data = next;
    nodeIndex = edgeIndex = -1;
    selection.textContent = "";
    if (cy) {
      cy.destroy();
      cy = null;
    }
    // The year shown is written once the graph is laid out (or empty): what waits
    // for it finds every node where it stays.
    const shown = () => {
      container.dataset.year = String(data.year);
      container.dataset.nodeCount = String(data.nodes.length);
      container.dataset.edgeCount = String(data.edges.length);
    };
    figure.hidden = data.nodes.length === 0;
    if (!data.nodes.length) {
      shown();
      return;
    }
    const mostAgreements = Math.max(...data.nodes.map((node) => node.agreements));
    const heaviest = Math.max(1, ...data.edges.map((edge) => edge.agreements));
    const elements = [
      ...data.nodes.map((node) => ({
        group: "nodes",
        data: { ...node, size: scaled(node.agreements, mostAgreements, 14, 56) },
      })),
      ...data.edges.map((edge, index) => ({
        group: "edges",
        data: { ...edge, id: `edge-${index}`, width: scaled(edge.agreements, heaviest, 1.5, 8) },
      })),
    ];
    cy = window.cytoscape({
      container: container,
      elements: elements,
      boxSelectionEnabled: false,
      autoungrabify: true,
      minZoom: 0.2,
      maxZoom: 3,
      layout: {
        name: "cose",
        animate: false,
        padding: 24,
        nodeDimensionsIncludeLabels: true,
        nodeRepulsion: () => 400000,
        idealEdgeLength: () => 90,
        componentSpacing: 60,
        gravity: 40,
      },
      style: [
        {
          selector: "node",
          style: {
            width: "data(size)",
            height: "data(size)",
            "background-color": "#0b4f94",
            label: "data(name)",
            color: "#1d2733",
            "font-size": 11,
            "min-zoomed-font-size": 8,
            "text-valign": "bottom",
            "text-margin-y": 3,
            "text-wrap": "ellipsis",
            "text-max-width": "140px",
            "text-outline-color": "#ffffff",
            "text-outline-width": 2,
          },
        },
        {
          selector: "edge",
          style: {
            width: "data(width)",
            "line-color": "#8a9bb0",
            "curve-style": "haystack",
            opacity: 0.8,
          },
        },
        {
          selector: "node:selected",
          style: { "background-color": "#b42318", "border-width": 3, "border-color": "#0b57d0" },
        },
        {
          selector: "edge:selected",
          style: { "line-color": "#b42318", opacity: 1, "z-index": 10 },
        },
      ],
    });
    // For tests and the curious: the graph's own API.
    container.cytoscape = cy;
    cy.on("tap", "node, edge", (event) => open(event.target));
    cy.ready(shown);
  }

  function open(element) {
    const url = element.data("url");
    if (url) {
      window.location.assign(url);
    }
  }

  function describe(element) {
    if (element.isNode()) {
      return fill(phrases.nodePhrase, element.data());
    }
    return fill(phrases.edgePhrase, {
      source: element.source().data("name"),
      target: element.target().data("name"),
      agreements: element.data("agreements"),
    });
  }

  function choose(element) {
    cy.elements().unselect();
    element.select();
    selection.textContent = describe(element);
    cy.animate({ center: { eles: element } }, { duration: 150 });
  }

  function selectedNode() {
    return nodeIndex >= 0 ? cy.getElementById(data.nodes[nodeIndex].id) : null;
  }

  container.addEventListener("keydown", (event) => {
    if (!cy) {
      return;
    }
    const count = data.nodes.length;
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      const step = event.key === "ArrowRight" ? 1 : -1;
      nodeIndex = nodeIndex < 0 ? (step > 0 ? 0 : count - 1) : (nodeIndex + step + count) % count;
      edgeIndex = -1;
      choose(selectedNode());
    } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && nodeIndex >= 0) {
      const lines = selectedNode().connectedEdges();
      if (!lines.length) {
        selection.textContent = fill(phrases.noLinePhrase, data.nodes[nodeIndex]);
      } else {
        const step = event.key === "ArrowDown" ? 1 : -1;
        edgeIndex =
          edgeIndex < 0 ? (step > 0 ? 0 : lines.length - 1) : (edgeIndex + step + lines.length) % lines.length;
        choose(lines[edgeIndex]);
      }
    } else if (event.key === "Enter") {
      const chosen = cy.$(":selected");
      if (chosen.length) {
        open(chosen[0]);
      }
    } else if (event.key === "Escape") {
      cy.elements().unselect();
      nodeIndex = edgeIndex = -1;
      selection.textContent = "";
    } else {
      return;
    }
    event.preventDefault();
  });

  // The slider: the year shows as it moves; its network is fetched once it rests.
  async function load() {
    const query = new URLSearchParams(new FormData(form)).toString();
    const address = `${window.location.pathname}?${query}`;
    const ticket = ++latest;
    let page;
    try {
      const response = await fetch(address, { headers: { Accept: "text/html" } });
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      page = new DOMParser().parseFromString(await response.text(), "text/html");
    } catch (error) {
      // What the form does without this file.
      window.location.assign(address);
      return;
    }
    if (ticket !== latest) {
      return; // the slider moved again meanwhile
    }
    for (const id of ["network-results-heading", "network-summary"]) {
      const fresh = page.getElementById(id);
      if (fresh) {
        document.getElementById(id).textContent = fresh.textContent.trim().replace(/\s+/g, " ");
      }
    }
    const table = page.getElementById("network-table");
    if (table) {
      document.getElementById("network-table").replaceWith(document.importNode(table, true));
    }
    const next = readData(page);
    if (next) {
      document.getElementById("network-data").textContent = JSON.stringify(next);
      draw(next);
    }
    window.history.replaceState(null, "", address);
  }

  if (slider) {
    slider.addEventListener("input", () => {
      output.value = slider.value;
      window.clearTimeout(timer);
      timer = window.setTimeout(load, 300);
    });
  }

  const initial = readData(document);
  if (initial) {
    draw(initial);
  }
})();
