// Digitale Stadt, Mängelmelder: the parts of the map and photo screens that
// live in the browser's own APIs. Leaflet draws the map (tiles from the URL
// the city configured; markers and clusters work without any), exifr reads
// a photo's GPS position before upload, and XMLHttpRequest reports upload
// progress, which fetch cannot. The app calls these through `dsDefects`.
"use strict";

(function () {
  let ready = null;
  const maps = new Map();

  function script(src) {
    return new Promise((resolve, reject) => {
      const element = document.createElement("script");
      element.src = src;
      element.onload = resolve;
      element.onerror = () => reject(new Error("cannot load " + src));
      document.head.appendChild(element);
    });
  }

  function stylesheet(href) {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    document.head.appendChild(link);
  }

  // The libraries are fetched on the first map screen only.
  function load() {
    if (!ready) {
      ["leaflet.css", "MarkerCluster.css", "MarkerCluster.Default.css"].forEach((f) => stylesheet("/vendor/" + f));
      ready = script("/vendor/leaflet.js")
        .then(() => script("/vendor/leaflet.markercluster.js"))
        .then(() => script("/vendor/exifr.js"))
        .then(() => {
          L.Icon.Default.imagePath = "/vendor/images/";
        });
    }
    return ready;
  }

  // A map in the element `id`, replacing one shown there before.
  async function show(id, options) {
    await load();
    const old = maps.get(id);
    if (old) {
      old.map.remove();
    }
    const map = L.map(id, { keyboard: true, maxZoom: 19 }).setView([options.lat, options.lon], options.zoom || 13);
    if (options.tiles) {
      L.tileLayer(options.tiles, { attribution: options.attribution, maxZoom: 19 }).addTo(map);
    }
    if (options.outline && options.outline.length > 2) {
      L.polygon(options.outline.map(([lon, lat]) => [lat, lon]), { fill: false, weight: 2, interactive: false }).addTo(map);
    }
    const entry = { map, layer: null, pin: null };
    maps.set(id, entry);
    return entry;
  }

  // Reports as clustered markers; each opens a link to its report page.
  function markers(id, reports) {
    const entry = maps.get(id);
    if (!entry) return;
    if (entry.layer) entry.layer.remove();
    entry.layer = L.markerClusterGroup({ showCoverageOnHover: false });
    for (const report of reports) {
      const marker = L.marker([report.lat, report.lon], { title: report.label, alt: report.label });
      const link = document.createElement("a");
      link.href = "/maengelmelder/meldung/" + report.number;
      link.textContent = report.label;
      marker.bindPopup(link);
      entry.layer.addLayer(marker);
    }
    entry.layer.addTo(entry.map);
  }

  // One movable pin; `moved(lat, lon)` hears every tap on the map.
  function pick(id, moved) {
    const entry = maps.get(id);
    if (!entry) return;
    entry.map.on("click", (event) => {
      place(id, event.latlng.lat, event.latlng.lng, false);
      moved(event.latlng.lat, event.latlng.lng);
    });
  }

  function place(id, lat, lon, centre) {
    const entry = maps.get(id);
    if (!entry) return;
    if (entry.pin) {
      entry.pin.setLatLng([lat, lon]);
    } else {
      entry.pin = L.marker([lat, lon], { keyboard: false }).addTo(entry.map);
    }
    if (centre) entry.map.setView([lat, lon], Math.max(entry.map.getZoom(), 16));
  }

  // The GPS position of the first chosen photo that has one, or null.
  async function gps(inputId) {
    await load();
    const input = document.getElementById(inputId);
    if (!input || !input.files) return null;
    for (const file of input.files) {
      try {
        const position = await exifr.gps(file);
        if (position && isFinite(position.latitude) && isFinite(position.longitude)) {
          return { lat: position.latitude, lon: position.longitude };
        }
      } catch (unreadable) {
        // Photos without EXIF are fine; the person sets the point by hand.
      }
    }
    return null;
  }

  function count(inputId) {
    const input = document.getElementById(inputId);
    return input && input.files ? input.files.length : 0;
  }

  // Uploads chosen photo `index`; `progress(percent)` hears the upload.
  // Resolves with the server's answer: { status, body }.
  function upload(inputId, index, progress) {
    return new Promise((resolve) => {
      const file = document.getElementById(inputId).files[index];
      const request = new XMLHttpRequest();
      request.open("POST", "/api/v1/defects/photos");
      request.setRequestHeader("Content-Type", file.type || "application/octet-stream");
      request.upload.onprogress = (event) => {
        if (event.lengthComputable) progress(Math.round((event.loaded / event.total) * 100));
      };
      request.onload = () => resolve({ status: request.status, body: request.responseText });
      request.onerror = () => resolve({ status: 0, body: "" });
      request.send(file);
    });
  }

  window.dsDefects = { load, show, markers, pick, place, gps, count, upload };
})();
