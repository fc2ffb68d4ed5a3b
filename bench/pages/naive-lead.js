// The baseline: what a site would write by hand instead of pimms-lead, inline in its page. It
// keeps ?pimms_id= in a first-party cookie and posts the lead with fetch (text/plain JSON, so no
// preflight, and keepalive); no outbox, no retry, no field rules, no declarative leads, no stub.
// Used as is by bench/main-thread.ts and, minified, by bench/size.ts.
(function () {
  var endpoint = document.currentScript.getAttribute('data-endpoint');
  var id = new URLSearchParams(location.search).get('pimms_id');
  if (id) document.cookie = 'pimms_id=' + encodeURIComponent(id) + '; path=/; max-age=7776000; samesite=lax';
  window.naiveLead = function (eventName, fields) {
    var match = /(?:^|; )pimms_id=([^;]*)/.exec(document.cookie);
    if (!match) return Promise.resolve(false);
    var body = Object.assign({ clickId: decodeURIComponent(match[1]), eventName: eventName }, fields);
    return fetch(endpoint, { method: 'POST', body: JSON.stringify(body), keepalive: true }).then(
      function (response) { return response.ok; },
      function () { return false; }
    );
  };
})();
