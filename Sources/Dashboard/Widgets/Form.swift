/// A pop-up form: an optional choice row, text fields, then buttons, with one focus
/// moving through them in that order.
public struct Form: Hashable, Sendable {
  public var choices: [String]
  public var choice: Int
  public var fields: [TextField]
  public var buttons: [String]
  /// Index over [choice row?] + fields + buttons.
  public var focus: Int
  /// Text of fields that are hidden by the current choice, kept by label.
  private var stash: [String: String] = [:]

  public init(choices: [String] = [], choice: Int = 0, fields: [TextField], buttons: [String], focus: Int = 0)
  {
    self.choices = choices
    self.choice = choice
    self.fields = fields
    self.buttons = buttons
    self.focus = focus
  }

  /// What a key did to the form.
  public enum Outcome: Hashable, Sendable {
    case none
    case changedChoice
    case edited
    case pressed(Int)
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

  public var isChoiceFocused: Bool { !choices.isEmpty && focus == 0 }

  public var hasInput: Bool { fields.contains { !$0.text.isEmpty } }

  public func text(_ label: String) -> String {
    fields.first { $0.label == label }?.text ?? stash[label] ?? ""
  }

  public mutating func setError(_ label: String, _ message: String?) {
    if let index = fields.firstIndex(where: { $0.label == label }) { fields[index].error = message }
  }

  public mutating func setNote(_ label: String, _ note: String?) {
    if let index = fields.firstIndex(where: { $0.label == label }) { fields[index].note = note }
  }

  public mutating func clearErrors() {
    for index in fields.indices { fields[index].error = nil }
  }

  /// Moves the focus to the field labelled `label`.
  public mutating func focus(on label: String) {
    if let index = fields.firstIndex(where: { $0.label == label }) { focus = choiceOffset + index }
  }

  /// Replaces the fields (after a choice change), keeping typed text by label.
  public mutating func replaceFields(_ newFields: [TextField]) {
    for field in fields { stash[field.label] = field.text }
    fields = newFields.map { field in
      var copy = field
      if let kept = stash[field.label] { copy.text = kept }
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
    switch key {
    case .tab, .down:
      focus = (focus + 1) % controlCount
    case .backTab, .up:
      focus = (focus + controlCount - 1) % controlCount
    case .left, .right:
      if isChoiceFocused {
        let step = key == .left ? choices.count - 1 : 1
        choice = (choice + step) % choices.count
        return .changedChoice
      }
      if focusedButton != nil {
        let first = choiceOffset + fields.count
        let current = focus - first
        let step = key == .left ? buttons.count - 1 : 1
        focus = first + (current + step) % buttons.count
      }
    case .enter:
      if let button = focusedButton { return .pressed(button) }
      focus = min(focus + 1, controlCount - 1)
    case .escape:
      return .dismissed
    default:
      break
    }
    return .none
  }

  /// Draws the choice row, the fields and the buttons from row `y`; returns the next row.
  @discardableResult
  public func render(
    into canvas: inout Canvas, x: Int, y: Int, width: Int, labelWidth: Int = 18, danger: Int? = nil
  ) -> Int {
    var row = y
    if !choices.isEmpty {
      canvas.put(
        TerminalText.pad("Method", to: labelWidth), x: x, y: row, style: isChoiceFocused ? .title : .text)
      var column = x + labelWidth
      for (index, title) in choices.enumerated() {
        let selected = index == choice
        var style: CellStyle = selected ? .accent : .muted
        if selected && isChoiceFocused { style.reverse = true }
        column = canvas.put((selected ? "(•) " : "( ) ") + title, x: column, y: row, style: style)
        column += 2
      }
      row += 2
    }
    for (index, field) in fields.enumerated() {
      row += canvas.field(
        field, focused: focusedField == index, x: x, y: row, labelWidth: labelWidth, width: width)
    }
    row += 1
    canvas.buttons(buttons, focused: focusedButton, x: x, y: row, danger: danger)
    return row + 1
  }
}
