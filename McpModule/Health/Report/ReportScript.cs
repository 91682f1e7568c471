#nullable enable
namespace McpModule.Health.Report
{
    /// The page's one script, inline: a click (or Enter) on anything with a status pins its text
    /// (the title attribute, StatusText's lines) in the details panel; Escape or × closes it.
    /// It only reads the page and writes text nodes (textContent), never HTML, so the model's text
    /// stays text here too. Without it the page is whole: the colours are plain HTML, the reasons
    /// are in the titles.
    internal static class ReportScript
    {
        internal const string Text = @"
(function () {
  'use strict';
  var panel = document.getElementById('details');
  var heading = document.getElementById('details-title');
  var body = document.getElementById('details-body');
  var classes = { Okay: 's-okay', Warn: 's-warn', Unknown: 's-unkw', Critical: 's-crit', Down: 's-down' };
  var pinned = null;

  function unpin() {
    if (pinned) pinned.classList.remove('pinned');
    pinned = null;
  }

  function hide() {
    unpin();
    panel.hidden = true;
  }

  function show(el) {
    unpin();
    pinned = el;
    el.classList.add('pinned');
    var lines = (el.getAttribute('title') || '').split('\n');
    heading.textContent = lines[0];
    body.textContent = '';
    for (var i = 1; i < lines.length; i++) {
      var line = lines[i];
      var div = document.createElement('div');
      if (line.charAt(0) === ' ') {
        div.className = 'reason';
        div.textContent = line.replace(/^\s+/, '');
      } else {
        div.className = 'alarm';
        var at = line.lastIndexOf(': ');
        var status = at >= 0 ? line.substring(at + 2) : '';
        if (classes.hasOwnProperty(status)) {
          var chip = document.createElement('span');
          chip.className = 'sw ' + classes[status];
          div.appendChild(chip);
        }
        div.appendChild(document.createTextNode(line));
      }
      body.appendChild(div);
    }
    panel.hidden = false;
  }

  document.addEventListener('click', function (e) {
    if (e.target.id === 'close') { hide(); return; }
    if (panel.contains(e.target)) return;
    var el = e.target.closest('[data-status][title]');
    if (el) show(el); else hide();
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') { hide(); return; }
    if (e.key === 'Enter' && e.target.matches && e.target.matches('[data-status][title]')) show(e.target);
  });
})();
";
    }
}
