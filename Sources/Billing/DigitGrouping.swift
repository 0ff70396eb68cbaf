/// Thousands separators for amounts and traffic: `1,234,567`.
enum DigitGrouping {
  static func grouped(_ value: UInt64) -> String {
    let digits = String(value)
    var result = ""
    for (index, character) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
      result.append(character)
    }
    return result
  }
}
