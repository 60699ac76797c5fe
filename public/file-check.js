// Opened straight from disk (file://), browsers block the app's module scripts and workers, so the
// app cannot start. Say so plainly and say what works instead, rather than showing a blank page.
(function () {
  if (location.protocol !== 'file:') return;
  document.addEventListener('DOMContentLoaded', function () {
    var app = document.getElementById('app');
    if (!app) return;
    app.innerHTML = '';
    var box = document.createElement('main');
    box.setAttribute('role', 'alert');
    box.style.cssText = 'max-width:40rem;margin:3rem auto;padding:1.5rem;font-family:system-ui,sans-serif;' +
      'border:1px solid #d9e1e8;border-radius:8px;background:#fff;color:#1b2733;line-height:1.5';
    var lines = [
      ['h1', 'Shelfcast needs to be opened through a web address'],
      ['p', 'You opened this page straight from a file on disk. Browsers do not let a page opened this way ' +
        'start the background workers and load the model files Shelfcast computes with, so nothing would work.'],
      ['p', 'Any of these works, and your data still stays on your machine:'],
      ['li', 'Open the hosted copy of Shelfcast you were given (it works offline after the first visit).'],
      ['li', 'In this folder, start a local web server, for example python3 -m http.server 8000 (or npx serve .), ' +
        'then open http://localhost:8000 (or the address it prints).'],
      ['li', 'From the source code: npm install && npm start.'],
    ];
    var list;
    lines.forEach(function (entry) {
      var el = document.createElement(entry[0]);
      el.textContent = entry[1];
      if (entry[0] === 'li') {
        if (!list) { list = document.createElement('ul'); box.appendChild(list); }
        list.appendChild(el);
      } else {
        box.appendChild(el);
      }
    });
    app.appendChild(box);
  });
})();
