import TerminalUI

/// What names a form's field: an enum per form, so code finds a field by what it is,
/// not by the words on the screen.
public protocol FormField: Hashable, Sendable {}

/// A form's two buttons, named: every pop-up form has the one that does its work and
/// the one that closes it.
public enum FormButton: Hashable, Sendable {
  case submit, cancel
}

/// A pop-up form: an optional choice row, text fields, then buttons, with one focus
/// moving through them in that order.
public struct Form<Field: FormField>: Hashable, Sendable {
  public var choices: [String]
  public var choice: Int
  /// What the choice row is called: `Method` for payment methods, `Product` for a
  /// proxy user's product.
  public var choiceLabel = "Method"
  /// The inputs, in order; `ids` names each one.
  public var fields: [TextField]
  public private(set) var ids: [Field]
  /// The titles of `[.submit, .cancel]`.
  public var buttons: [String]
  /// Index over [choice row?] + fields + buttons.
  public var focus: Int
  /// Text of fields that are hidden by the current choice, kept by field.
  private var stash: [Field: String] = [:]

  public init(
    choices: [String] = [], choice: Int = 0, fields: [(Field, TextField)], submit: String, focus: Int = 0
  ) {
    self.choices = choices
    self.choice = choice
    self.fields = fields.map(\.1)
    self.ids = fields.map(\.0)
    self.buttons = [submit, "Cancel"]
    self.focus = focus
  }

  /// What a key did to the form.
  public enum Outcome: Hashable, Sendable {
    case none
    case changedChoice
    case edited
    case pressed(FormButton)
    case dismissed
  }

  var choiceOffset: Int { choices.isEmpty ? 0 : 1 }
  var controlCount: Int { choiceOffset + fields.count + buttons.count }

  public var focusedField: Int? {
    let index = focus - choiceOffset
    return (0..<fields.count).contains(index) ? index : nil
  }

  public var focusedButton: Int? {
    let index = focus - choiceOffset - fields.count
    return (0..<buttons.count).contains(index) ? index : nil
  }

  /// The focused button by name.
  public var focusedButtonName: FormButton? {
    focusedButton.map { $0 == 0 ? .submit : .cancel }
  }

  /// The form's keys: the choice row adds ←/→.
  public var bindings: [KeyBinding<FormKeys.Action>] {
    FormKeys.bindings(hasChoices: !choices.isEmpty, choiceLabel: choiceLabel.lowercased())
  }

  /// The focused field by name.
  public var focusedID: Field? { focusedField.map { ids[$0] } }

  public var isChoiceFocused: Bool { !choices.isEmpty && focus == 0 }

  public var hasInput: Bool { fields.contains { !$0.text.isEmpty } }

  public func text(_ field: Field) -> String {
    ids.firstIndex(of: field).map { fields[$0].text } ?? stash[field] ?? ""
  }

  public mutating func setError(_ field: Field, _ message: String?) {
    if let index = ids.firstIndex(of: field) { fields[index].error = message }
  }

  public mutating func setNote(_ field: Field, _ note: String?) {
    if let index = ids.firstIndex(of: field) { fields[index].note = note }
  }

  public mutating func clearErrors() {
    for index in fields.indices { fields[index].error = nil }
  }

  /// Moves the focus to `field`.
  public mutating func focus(on field: Field) {
    if let index = ids.firstIndex(of: field) { focus = choiceOffset + index }
  }

  /// Replaces the fields (after a choice change), keeping typed text by field.
  public mutating func replaceFields(_ newFields: [(Field, TextField)]) {
    for (id, field) in zip(ids, fields) { stash[id] = field.text }
    ids = newFields.map(\.0)
    fields = newFields.map { id, field in
      var copy = field
      if let kept = stash[id] { copy.text = kept }
      return copy
    }
    focus = min(focus, controlCount - 1)
  }

  /// Puts pasted text into the focused field (R32); false, and nothing changes, when
  /// the focus is on the choice row or a button: there a paste does nothing.
  public mutating func paste(_ text: String) -> Bool {
    guard let index = focusedField else { return false }
    fields[index].insert(pasted: text)
    return true
  }

  public mutating func handle(_ key: Key) -> Outcome {
    if let index = focusedField, fields[index].handle(key) { return .edited }
    guard let action: FormKeys.Action = bindings.action(for: key) else { return .none }
    switch action {
    case .next:
      focus = (focus + 1) % controlCount
    case .previous:
      focus = (focus + controlCount - 1) % controlCount
    case .left, .right:
      if isChoiceFocused {
        let step = action == .left ? choices.count - 1 : 1
        choice = (choice + step) % choices.count
        return .changedChoice
      }
      if focusedButton != nil {
        let first = choiceOffset + fields.count
        let current = focus - first
        let step = action == .left ? buttons.count - 1 : 1
        focus = first + (current + step) % buttons.count
      }
    case .press:
      if let button = focusedButtonName { return .pressed(button) }
      focus = min(focus + 1, controlCount - 1)
    case .dismiss:
      return .dismissed
    }
    return .none
  }

  /// Draws the choice row, the fields and the buttons from row `y`; returns the next row.
  @discardableResult
  public func render(
    into canvas: inout Canvas, x: Int, y: Int, width: Int, labelWidth: Int = 18, danger: Int? = nil
  ) -> Int {
    drawn(into: &canvas, x: x, y: y, width: width, labelWidth: labelWidth, danger: danger).next
  }

  /// Draws the form and says where: the next free row, and the row of the focused
  /// control, which a scrolling pop-up keeps in view. Choices that do not fit on one row
  /// wrap under the first (a long saved PayPal address never reaches the border).
  public func drawn(
    into canvas: inout Canvas, x: Int, y: Int, width: Int, labelWidth: Int = 18, danger: Int? = nil
  ) -> (next: Int, focusRow: Int) {
    var row = y
    var focusRow = y
    if !choices.isEmpty {
      canvas.put(
        TerminalText.pad(choiceLabel, to: labelWidth), x: x, y: row, style: isChoiceFocused ? .title : .text)
      let start = x + labelWidth
      let limit = x + width
      var column = start
      for (index, title) in choices.enumerated() {
        let selected = index == choice
        var style: CellStyle = selected ? .accent : .muted
        if selected && isChoiceFocused { style.reverse = true }
        let text = (selected ? "(•) " : "( ) ") + title
        if column > start && column + TerminalText.width(text) > limit {
          row += 1
          column = start
        }
        column = canvas.put(text, x: column, y: row, style: style, maxX: limit)
        column += 2
      }
      row += 2
    }
    for (index, field) in fields.enumerated() {
      if focusedField == index { focusRow = row }
      row += canvas.field(
        field, focused: focusedField == index, x: x, y: row, labelWidth: labelWidth, width: width)
    }
    row += 1
    if focusedButton != nil { focusRow = row }
    canvas.buttons(buttons, focused: focusedButton, x: x, y: row, danger: danger)
    return (row + 1, focusRow)
  }
}

/// Every pop-up form's keys (a generic type cannot hold them): dispatch, the bottom bar
/// and a form's hint line read this.
public enum FormKeys {
  /// What the form's keys do, besides typing into the focused field.
  public enum Action: Hashable, Sendable { case next, previous, left, right, press, dismiss }

  /// A form's keys; with a choice row (payment methods) ←/→ change the choice, and say so.
  public static func bindings(hasChoices: Bool, choiceLabel: String = "method") -> [KeyBinding<Action>] {
    [
      KeyBinding([.tab, .down], "next", "Next field or button", .next, shownAs: "Tab"),
      KeyBinding([.backTab, .up], "prev", "Previous field or button", .previous, hint: false),
      KeyBinding(
        [.left], hasChoices ? choiceLabel : "left", "Previous choice or button", .left, hint: hasChoices,
        shownAs: "←/→"),
      KeyBinding([.right], "right", "Next choice or button", .right, hint: false),
      KeyBinding([.enter], "press", "Next field; on a button, press it", .press),
      KeyBinding([.escape], "close", "Close without saving", .dismiss),
    ]
  }

  /// The keys of a form without a choice row.
  public static let bindings = bindings(hasChoices: false)
}
