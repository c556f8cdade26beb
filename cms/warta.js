// Warta's additions to Decap CMS, served at /admin/warta.js after decap-cms.js.
//
// - The preview pane uses the site's own stylesheet.
// - "warta-term": a category or tag chosen from the existing terms of the
//   language being edited (config.yml lists them per language: a select
//   widget of Decap's own has one list for every language). A value the list
//   lacks, such as a tag written in the file by hand, stays selectable.
// - Saving is refused when a story's text starts with a Pelican "Title:"
//   header: Decap cannot read that header (it shows the story without its
//   fields), and saving would write new fields on top and keep the old header
//   as text. The build refuses such a file too (front_matter.py). The message
//   names `make frontmatter`, which rewrites the header as front matter.
(function () {
  "use strict";
  var CMS = window.CMS;
  var h = window.h;
  var script = document.currentScript;
  CMS.registerPreviewStyle(script.getAttribute("data-preview-css"));

  function toArray(value) {
    if (value === null || value === undefined || value === "") return [];
    if (typeof value === "string") return [value];
    return value.toJS ? value.toJS() : Array.from(value);
  }

  var TermControl = window.createClass({
    render: function () {
      var field = this.props.field;
      var multiple = Boolean(field.get("multiple"));
      var terms = field.getIn(["terms", this.props.locale]);
      var chosen = toArray(this.props.value);
      var names = (terms ? terms.toJS() : []).concat(chosen);
      names = names.filter(function (n, i) { return names.indexOf(n) === i; });
      var onChange = this.props.onChange;
      var options = names.map(function (name) {
        return h("option", { key: name, value: name }, name);
      });
      if (!multiple) options.unshift(h("option", { key: "", value: "" }, "—"));
      return h(
        "select",
        {
          id: this.props.forID,
          className: this.props.classNameWrapper,
          multiple: multiple,
          size: multiple ? Math.min(Math.max(names.length, 3), 8) : undefined,
          value: multiple ? chosen : chosen[0] || "",
          onChange: function (event) {
            var picked = Array.from(event.target.selectedOptions).map(function (o) {
              return o.value;
            });
            onChange(multiple ? picked : picked[0] || "");
          },
        },
        options
      );
    },
  });

  var TermPreview = window.createClass({
    render: function () {
      return h("span", {}, toArray(this.props.value).join(", "));
    },
  });

  CMS.registerWidget("warta-term", TermControl, TermPreview);

  // The first line of text that is not blank starts with "Title:".
  var PELICAN_HEADER = /^(?:[ \t]*\n)*title:[ \t]*\S/i;
  var UNREADABLE =
    "This file starts with a 'Title: …' header, which the editor cannot read. " +
    "Nothing was saved. Run 'make frontmatter STORY=articles/<year>/<slug>' " +
    "(or STORY=all) to rewrite it as YAML front matter with the same fields, " +
    "then reload the editor (writer's guide, chapter 7).";

  function bodies(entry) {
    var found = [entry.getIn(["data", "body"])];
    var translations = entry.get("i18n");
    if (translations) {
      translations.forEach(function (translation) {
        found.push(translation.getIn(["data", "body"]));
      });
    }
    return found;
  }

  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var buried = bodies(event.entry).some(function (body) {
        return typeof body === "string" && PELICAN_HEADER.test(body);
      });
      if (buried) throw new Error(UNREADABLE);
    },
  });
})();
