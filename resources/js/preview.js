// Desk live preview: keeps track of which nodes of #desk-body belong to which body block,
// so that the editor can replace only the blocks that changed (block i may render to 0..n nodes).
(function () {
  function parse(html) {
    var t = document.createElement("template");
    t.innerHTML = html;
    return Array.prototype.slice.call(t.content.childNodes).filter(function (n) {
      return n.nodeType === 1 || (n.nodeType === 3 && n.textContent.trim() !== "");
    });
  }
  function meaningful(el) {
    return Array.prototype.slice.call(el.childNodes).filter(function (n) {
      return n.nodeType === 1 || (n.nodeType === 3 && n.textContent.trim() !== "");
    });
  }
  function auto(n) {
    if (n.nodeType === 1 && !n.hasAttribute("dir")) n.setAttribute("dir", "auto");
  }
  window.deskPreview = {
    blocks: [],
    // Map the nodes already in #desk-body to the blocks they came from.
    init: function (htmls) {
      var body = document.getElementById("desk-body");
      var nodes = body ? meaningful(body) : [];
      var at = 0;
      this.blocks = htmls.map(function (h) {
        var count = parse(h).length;
        var own = nodes.slice(at, at + count);
        own.forEach(auto);
        at += count;
        return own;
      });
      return this.blocks.length;
    },
    // Replace `remove` blocks from index `start` with the blocks rendered from `htmls`.
    patch: function (start, remove, htmls) {
      var body = document.getElementById("desk-body");
      if (!body) return -1;
      var old = this.blocks.slice(start, start + remove);
      var anchor = null;
      for (var i = start + remove; i < this.blocks.length && !anchor; i++) {
        if (this.blocks[i].length) anchor = this.blocks[i][0];
      }
      old.forEach(function (nodes) { nodes.forEach(function (n) { n.remove(); }); });
      var fresh = htmls.map(function (h) {
        var nodes = parse(h);
        nodes.forEach(function (n) { auto(n); body.insertBefore(n, anchor); });
        return nodes;
      });
      Array.prototype.splice.apply(this.blocks, [start, remove].concat(fresh));
      // Keep the edited place in sight, as the editor does.
      var first = fresh.length && fresh[0].length ? fresh[0][0] : anchor;
      if (first && first.nodeType === 1) {
        var box = first.getBoundingClientRect();
        if (box.top < 0 || box.bottom > window.innerHeight) {
          first.scrollIntoView({block: "nearest"});
        }
      }
      return this.blocks.length;
    },
    // Put the headline and standfirst in the page's header; false when the page has none.
    header: function (headline, standfirst) {
      var h = document.querySelector("article h1, h1");
      var s = document.querySelector(".standfirst");
      if (!h) return false;
      h.textContent = headline;
      if (s) s.textContent = standfirst;
      document.title = headline;
      return true;
    }
  };
})();
