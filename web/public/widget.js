/* Maillage : la recherche de lieux d'aide au numérique sur votre site. Mode d'emploi : /integrer, docs/widget.md */
/* global document, window, URL */
(function () {
  var s = document.currentScript;
  if (!s || !s.src || !s.parentNode) return;
  var origin = new URL(s.src).origin;
  var d = s.dataset;
  var q = [];
  var add = function (k, v) {
    v = (v || '').trim();
    if (v) q.push(k + '=' + encodeURIComponent(v));
  };
  add('territoire', d.territoire);
  (d.services || '').split('|').forEach(function (v) { add('services', v); });
  add('titre', d.titre);
  add('rayon', d.rayon);
  var f = document.createElement('iframe');
  f.src = origin + '/widget' + (q.length ? '?' + q.join('&') : '');
  f.title = "Trouver de l'aide num\u00e9rique pr\u00e8s de chez vous";
  f.style.cssText = 'display:block;width:100%;height:520px;border:0';
  s.parentNode.insertBefore(f, s.nextSibling);
  window.addEventListener('message', function (e) {
    var m = e.data;
    if (e.origin !== origin || e.source !== f.contentWindow || !m || m.type !== 'maillage-widget-hauteur') return;
    var h = Math.ceil(Number(m.hauteur));
    if (h > 0 && h < 20000) f.style.height = h + 'px';
  });
})();
