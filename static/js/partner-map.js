/* The map of partners (partners/map.html): a base map drawn from the vendored
   world-atlas with d3-geo (no tiles, nothing from another host), the places of the
   organizations as markers grouped on a grid of the screen when they are close, and
   the agreements between places as great-circle lines. The same results are listed
   below the map as HTML: the map adds nothing that the lists do not hold. */
(function () {
  "use strict";

  var root = document.getElementById("partner-map");
  var dataNode = document.getElementById("map-data");
  var wordsNode = document.getElementById("map-strings");
  if (!root || !dataNode || !wordsNode || !window.d3) {
    return;
  }
  var d3 = window.d3;
  var data = JSON.parse(dataNode.textContent);
  var words = JSON.parse(wordsNode.textContent);
  var CELL = 44; // px: markers closer than this are grouped
  var MAX_FOCUSABLE_LINES = 40; // more than this: the table below is the keyboard's way

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }

  var formatNumber = new Intl.NumberFormat(document.documentElement.lang || undefined);

  root.hidden = false;
  var canvas = document.getElementById("map-canvas");
  var width = Math.max(320, Math.round(canvas.clientWidth || 800));
  var height = Math.round(Math.min(560, Math.max(320, width * 0.62)));

  var svg = d3
    .select(canvas)
    .append("svg")
    .attr("class", "map-svg")
    .attr("viewBox", "0 0 " + width + " " + height)
    .attr("role", "group")
    .attr("aria-label", words.map)
    .attr("aria-describedby", "map-help");
  var world = svg.append("g").attr("class", "map-world");
  var base = world.append("g").attr("class", "map-base");
  var linesLayer = world.append("g").attr("class", "map-lines-layer");
  var markersLayer = svg.append("g").attr("class", "map-markers");

  // Mercator, as people read a map of cities; framed on the places shown.
  var projection = d3.geoMercator();
  var frame = frameOf(data.places);
  projection.fitExtent(
    [
      [24, 24],
      [width - 24, height - 24],
    ],
    frame
  );
  var path = d3.geoPath(projection);

  function frameOf(places) {
    if (!places.length) {
      return {
        type: "MultiPoint",
        coordinates: [
          [-170, -55],
          [180, 75],
        ],
      };
    }
    var lons = places.map(function (p) { return p.lon; });
    var lats = places.map(function (p) { return p.lat; });
    var west = Math.min.apply(null, lons);
    var east = Math.max.apply(null, lons);
    var south = Math.min.apply(null, lats);
    var north = Math.max.apply(null, lats);
    var padLon = Math.max(2, (east - west) * 0.15);
    var padLat = Math.max(2, (north - south) * 0.15);
    return {
      type: "MultiPoint",
      coordinates: [
        [Math.max(-180, west - padLon), Math.max(-80, south - padLat)],
        [Math.min(180, east + padLon), Math.min(84, north + padLat)],
      ],
    };
  }

  // The base map: land and borders, from the vendored atlas on this host.
  d3.json(root.dataset.atlas)
    .then(function (atlas) {
      var land = window.topojson.feature(atlas, atlas.objects.land);
      var borders = window.topojson.mesh(atlas, atlas.objects.countries, function (a, b) {
        return a !== b;
      });
      base.append("path").datum({ type: "Sphere" }).attr("class", "map-sea").attr("d", path);
      base.append("path").datum(land).attr("class", "map-land").attr("d", path);
      base.append("path").datum(borders).attr("class", "map-borders").attr("d", path);
    })
    .catch(function () {
      var note = document.createElement("p");
      note.className = "map-note";
      note.textContent = words.baseMapMissing;
      canvas.after(note);
    });

  // Lines: each pair of places once; a line opens its agreement, or lists them.
  var focusableLines = data.lines.length <= MAX_FOCUSABLE_LINES;
  var maxCount = d3.max(data.lines, function (l) { return l.count; }) || 1;
  var widthOf = d3.scaleSqrt().domain([1, maxCount]).range([1.5, 6]);
  data.lines.forEach(function (line) {
    var label = fill(words.line, { places: line.label, count: formatNumber.format(line.count) });
    var single = line.count === 1 && line.agreements.length === 1;
    var item = single
      ? linesLayer.append("a").attr("href", line.agreements[0].url)
      : linesLayer.append("g").attr("role", "button");
    item.attr("class", "map-line").attr("aria-label", label);
    if (!focusableLines) {
      item.attr("tabindex", "-1");
    } else if (!single) {
      item.attr("tabindex", "0");
    }
    item.append("title").text(label);
    item
      .append("path")
      .datum({ type: "LineString", coordinates: [[line.a[1], line.a[0]], [line.b[1], line.b[0]]] })
      .attr("d", path)
      .attr("stroke-width", widthOf(line.count));
    if (!single) {
      activate(item, function () { showLine(line); });
    }
  });

  // Zoom and pan: the mouse, a finger, and the buttons.
  var transform = d3.zoomIdentity;
  var zoom = d3
    .zoom()
    .scaleExtent([1, 512])
    .translateExtent([
      [-width, -height],
      [2 * width, 2 * height],
    ])
    .on("zoom", function (event) {
      transform = event.transform;
      world.attr("transform", transform.toString());
      scheduleMarkers();
    });
  svg.call(zoom).on("dblclick.zoom", null);

  root.querySelectorAll("[data-zoom]").forEach(function (button) {
    button.addEventListener("click", function () {
      var action = button.dataset.zoom;
      var moving = svg.transition().duration(250);
      if (action === "in") {
        zoom.scaleBy(moving, 2);
      } else if (action === "out") {
        zoom.scaleBy(moving, 0.5);
      } else {
        zoom.transform(moving, d3.zoomIdentity);
      }
    });
  });
  var STEP = 0.25; // of the map's width or height per press
  root.querySelectorAll("[data-pan]").forEach(function (button) {
    button.addEventListener("click", function () {
      var dx = { left: 1, right: -1 }[button.dataset.pan] || 0;
      var dy = { up: 1, down: -1 }[button.dataset.pan] || 0;
      zoom.translateBy(
        svg.transition().duration(250),
        (dx * width * STEP) / transform.k,
        (dy * height * STEP) / transform.k
      );
    });
  });

  // Markers: places on screen, grouped on a grid of CELL pixels.
  var points = data.places.map(function (place) {
    var xy = projection([place.lon, place.lat]);
    return { place: place, x: xy[0], y: xy[1] };
  });
  var pending = false;
  function scheduleMarkers() {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        drawMarkers();
      });
    }
  }

  function groups() {
    var cells = new Map();
    points.forEach(function (point) {
      var x = transform.applyX(point.x);
      var y = transform.applyY(point.y);
      if (x < -CELL || y < -CELL || x > width + CELL || y > height + CELL) {
        return;
      }
      var key = Math.floor(x / CELL) + ":" + Math.floor(y / CELL);
      var group = cells.get(key);
      if (!group) {
        group = { points: [], count: 0, sx: 0, sy: 0 };
        cells.set(key, group);
      }
      group.points.push(point);
      group.count += point.place.count;
      group.sx += x * point.place.count;
      group.sy += y * point.place.count;
    });
    return Array.from(cells.values());
  }

  function drawMarkers() {
    markersLayer.selectAll("*").remove();
    groups().forEach(function (group) {
      var x = group.sx / group.count;
      var y = group.sy / group.count;
      var item;
      var label;
      if (group.points.length === 1 && group.count === 1) {
        var place = group.points[0].place;
        var member = place.members[0];
        label = member.name + (member.atCity ? " (" + words.placedAtCity + ")" : "");
        item = markersLayer.append("a").attr("href", member.url).attr("class", "map-marker");
      } else if (group.points.length === 1) {
        var only = group.points[0].place;
        label =
          fill(words.place, { place: only.label, count: formatNumber.format(only.count) }) +
          ". " +
          words.listThem;
        item = markersLayer
          .append("g")
          .attr("class", "map-marker map-marker-place")
          .attr("role", "button")
          .attr("tabindex", "0");
        activate(item, function () { showPlace(only); });
      } else {
        label = fill(words.group, {
          count: formatNumber.format(group.count),
          places: formatNumber.format(group.points.length),
        });
        item = markersLayer
          .append("g")
          .attr("class", "map-marker map-marker-group")
          .attr("role", "button")
          .attr("tabindex", "0");
        activate(item, function () { zoomTo(group.points); });
      }
      item.attr("aria-label", label).attr("transform", "translate(" + x + "," + y + ")");
      item.append("title").text(label);
      var radius = group.count === 1 ? 7 : Math.min(22, 9 + 3 * Math.log2(group.count));
      item.append("circle").attr("r", radius);
      if (group.count > 1) {
        item
          .append("text")
          .attr("aria-hidden", "true")
          .attr("dy", "0.35em")
          .text(formatNumber.format(group.count));
      }
    });
  }

  function activate(item, action) {
    item.on("click", function (event) {
      event.preventDefault();
      action();
    });
    item.on("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        action();
      }
    });
  }

  // A group of places: zoom until they part (or as far as the map goes).
  function zoomTo(group) {
    var xs = group.map(function (p) { return p.x; });
    var ys = group.map(function (p) { return p.y; });
    var x0 = d3.min(xs), x1 = d3.max(xs), y0 = d3.min(ys), y1 = d3.max(ys);
    var k = Math.min(512, 0.6 / Math.max((x1 - x0) / width, (y1 - y0) / height, 1e-6));
    k = Math.max(k, transform.k * 2);
    var next = d3.zoomIdentity
      .translate(width / 2, height / 2)
      .scale(k)
      .translate(-(x0 + x1) / 2, -(y0 + y1) / 2);
    svg
      .transition()
      .duration(350)
      .call(zoom.transform, next)
      .on("end", function () {
        var first = markersLayer.node().querySelector("a, [tabindex='0']");
        if (first) {
          first.focus();
        }
      });
  }

  // What a place or a line holds, listed below the map.
  var selection = document.getElementById("map-selection");
  var selectionTitle = document.getElementById("map-selection-title");
  var selectionList = document.getElementById("map-selection-list");
  var selectionMore = document.getElementById("map-selection-more");

  function link(url, text) {
    var anchor = document.createElement("a");
    anchor.href = url;
    anchor.textContent = text;
    return anchor;
  }

  function show(title, items, more) {
    selectionTitle.textContent = title;
    selectionList.replaceChildren.apply(selectionList, items);
    selectionMore.replaceChildren.apply(selectionMore, more ? [more] : []);
    selection.hidden = false;
    selection.focus();
  }

  function showPlace(place) {
    var items = place.members.map(function (member) {
      var item = document.createElement("li");
      item.append(link(member.url, member.name));
      if (member.atCity) {
        var note = document.createElement("span");
        note.className = "map-note";
        note.textContent = " " + words.placedAtCity;
        item.append(note);
      }
      return item;
    });
    var more = null;
    if (place.count > place.members.length && place.list) {
      more = link(place.list, fill(words.allInList, { place: place.label }));
    }
    show(fill(words.place, { place: place.label, count: formatNumber.format(place.count) }), items, more);
  }

  function showLine(line) {
    var items = line.agreements.map(function (agreement) {
      var item = document.createElement("li");
      item.append(link(agreement.url, agreement.title));
      return item;
    });
    var more = null;
    if (line.count > line.agreements.length) {
      more = document.createTextNode(
        fill(words.moreAgreements, { count: formatNumber.format(line.count) })
      );
    }
    show(fill(words.line, { places: line.label, count: formatNumber.format(line.count) }), items, more);
  }

  drawMarkers();
})();
