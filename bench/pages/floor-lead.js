// The floor: only the browser operations that pimms-lead's guarantees need, each once, with none of
// its logic (no options, field rules, consent, leases, back-off, Web Locks or declarative leads).
// Whatever the snippet costs above this is its own code; what this costs above the inline fetch
// (naive-lead.js) no implementation with the same guarantees can avoid. Used by bench/main-thread.ts.
(function () {
  var endpoint = document.currentScript.getAttribute('data-endpoint');
  var id = new URLSearchParams(location.search).get('pimms_id');
  var cookie = function () {
    var match = /(?:^|; )pimms_id=([^;]*)/.exec(document.cookie);
    return match && match[1];
  };
  // The task after start-up: the landing's cookie (written, then read back, as the root-domain
  // probe does) and, once loaded and idle, the landing request the relay sets its cookie from;
  // on every page, the look for leads an earlier page left unsent.
  setTimeout(function () {
    if (id && cookie() != id) {
      document.cookie = 'pimms_id=' + id + '; path=/; max-age=7776000; samesite=lax';
      cookie();
      addEventListener('load', function () {
        requestIdleCallback(function () {
          navigator.sendBeacon(endpoint + '?pimms_id=' + id, '');
        });
      });
    }
    Object.keys(localStorage).filter(function (key) {
      return !key.indexOf('pimms_ob_');
    });
  });
  // Delivery when back online or hidden; declarative leads (submit, formdata, click).
  ['online', 'visibilitychange', 'submit', 'formdata', 'click'].forEach(function (type) {
    addEventListener(type, function () {}, true);
  });
  window.floorLead = function (eventName, fields) {
    var random = function () {
      return Array.from(crypto.getRandomValues(new Uint32Array(4)), function (n) {
        return n.toString(36);
      }).join('');
    };
    var visitor = localStorage.getItem('pimms_vid');
    if (!visitor) localStorage.setItem('pimms_vid', (visitor = 'anon_' + random()));
    var body = Object.assign({ clickId: id || cookie(), eventName: eventName }, fields, {
      externalId: visitor,
      eventId: random(),
    });
    // Written to the outbox before it is sent, removed once it is in.
    var key = 'pimms_ob_' + body.eventId;
    var text = JSON.stringify(body);
    localStorage.setItem(key, JSON.stringify({ b: body, t: Date.now() }));
    return fetch(endpoint, { method: 'POST', body: text, keepalive: true }).then(
      function (response) {
        if (response.ok) localStorage.removeItem(key);
        return response.ok;
      },
      function () {
        return false;
      },
    );
  };
})();
