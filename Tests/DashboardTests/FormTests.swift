import Foundation
import TerminalUI
import Testing

@testable import Dashboard

/// Fields are found by what they are, not by their label; buttons by name, not index.
@Suite struct FormTests {
  enum Field: FormField { case first, second, hidden }

  /// Two fields may read alike on screen; looked up by label, the second could never be
  /// reached.
  @Test func fieldsWithTheSameLabelStayApart() {
    var form = Form<Field>(
      fields: [(.first, TextField("Password")), (.second, TextField("Password"))], submit: "Save")
    for character in "one" { _ = form.handle(.character(character)) }
    _ = form.handle(.tab)
    for character in "two" { _ = form.handle(.character(character)) }
    #expect(form.text(.first) == "one")
    #expect(form.text(.second) == "two")
    form.setError(.second, "Differs.")
    #expect(form.fields.map(\.error) == [nil, "Differs."])
    form.focus(on: .first)
    #expect(form.focusedID == .first)
  }

  @Test func replacedFieldsKeepTheirTextByField() {
    var form = Form<Field>(fields: [(.first, TextField("A"))], submit: "Save")
    for character in "kept" { _ = form.handle(.character(character)) }
    form.replaceFields([(.hidden, TextField("A"))])
    #expect(form.text(.hidden) == "", "a new field with the same label starts empty")
    #expect(form.text(.first) == "kept", "the hidden field's text is kept")
    form.replaceFields([(.first, TextField("Renamed"))])
    #expect(form.fields.map(\.text) == ["kept"])
  }

  @Test func buttonsArePressedByName() {
    var form = Form<Field>(fields: [(.first, TextField("A"))], submit: "Save")
    #expect(form.handle(.tab) == .none)
    #expect(form.handle(.enter) == .pressed(.submit))
    #expect(form.handle(.right) == .none)
    #expect(form.handle(.enter) == .pressed(.cancel))
  }
}
