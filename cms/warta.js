// Warta's additions to Decap CMS, served at /admin/warta.js after decap-cms.js.
//
// - The preview pane uses the site's own stylesheet.
// - "warta-term": a category or tag chosen from the existing terms of the
//   language being edited (config.yml lists them per language: a select
//   widget of Decap's own has one list for every language). A value the list
//   lacks, such as a tag written in the file by hand, stays selectable.
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
})();
