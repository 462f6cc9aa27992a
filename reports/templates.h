// HTML from templates: the web pages are drawn by Mustache templates kept in
// etc/templates/*.mustache (compiled into the binary, so they are served wherever it runs),
// from a View — a small tree of text, flags, lists and named values that a page builds
// from the typed read models. No HTML is written in C++ beyond what escape_html does.
//
// Every {{name}} is escaped (& < > " '); templates never use the unescaped {{{name}}} or
// {{& name}} forms for data (tests/reports/templates_test.cpp checks every template). A
// piece of markup made by another template (a chart's SVG, a rendered partial) is passed as
// View::markup() and written with {{{name}}}, which the check allows only for names ending
// in "_html" or "_svg".
//
// Thread safety: render_template() may be called from any thread; the templates are
// parsed once, on first use, and only read afterwards.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace scorecard::reports {

class View {
  public:
    enum class Kind { kMap, kList, kText, kFlag };

    View() = default;  // an empty map
    View(std::string text) : kind_(Kind::kText), text_(std::move(text)) {}
    View(const char* text) : View(std::string(text)) {}
    View(std::string_view text) : View(std::string(text)) {}
    View(bool flag) : kind_(Kind::kFlag), flag_(flag) {}
    // Whole numbers and scores are written by the read models' own formatting functions
    // (one number format); these exist so that counts can be set directly.
    View(int number) : View(std::to_string(number)) {}
    View(long number) : View(std::to_string(number)) {}
    View(long long number) : View(std::to_string(number)) {}

    static View list() {
        View v;
        v.kind_ = Kind::kList;
        return v;
    }
    // Markup made by our own code (a rendered template, a chart's SVG): written unescaped,
    // only into {{{..._html}}} or {{{..._svg}}}.
    static View markup(std::string html) { return View(std::move(html)); }

    // A map's member (a map only).
    View& set(const std::string& name, View value);
    // A list's next item (a list only).
    View& add(View value);

    Kind kind() const { return kind_; }
    const std::string& text() const { return text_; }
    bool flag() const { return flag_; }
    const std::map<std::string, View>& members() const { return members_; }
    const std::vector<View>& items() const { return items_; }
    bool empty() const {
        return kind_ == Kind::kList ? items_.empty() : kind_ == Kind::kMap && members_.empty();
    }

  private:
    Kind kind_ = Kind::kMap;
    std::string text_;
    bool flag_ = false;
    std::map<std::string, View> members_;
    std::vector<View> items_;
};

// Renders etc/templates/NAME.mustache with `view`. Other templates are available as
// partials ({{> name}}). Throws Error::Internal naming the template when there is none of
// that name or it does not parse.
std::string render_template(std::string_view name, const View& view);

// The names of every template compiled in (for tests and start-up checks).
std::vector<std::string> template_names();
// A template's source text ("" when there is none of that name).
std::string_view template_source(std::string_view name);

}  // namespace scorecard::reports
