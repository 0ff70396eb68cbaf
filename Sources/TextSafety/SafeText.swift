/// Text from users and files (names, companies, VAT ids, coupon codes, email subjects,
/// theme names) made safe for a terminal: none of its control characters, escape
/// sequences or bidi overrides may reach one, nor a store.
///
/// A target of its own, depending on nothing, so that Billing (which cleans text where
/// it enters the program) and TerminalUI (which cleans every string where it is drawn)
/// share this one implementation without either depending on the other.
public enum SafeText {
  /// Removes C0 and C1 controls, DEL, escape sequences and bidi controls; tabs and
  /// newlines become spaces.
  public static func clean(_ text: String) -> String {
    // Most text on screen is printable ASCII: nothing to remove.
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
    var result = String.UnicodeScalarView()
    var scalars = text.unicodeScalars.makeIterator()
    while let scalar = scalars.next() {
      let value = scalar.value
      if value == 0x1B {
        // Drop an escape sequence whole: ESC [ ... final, ESC ] ... BEL/ST, or ESC x.
        guard let next = scalars.next() else { break }
        if next == "[" {
          while let s = scalars.next(), !(0x40...0x7E).contains(s.value) {}
        } else if next == "]" || next == "P" || next == "_" || next == "^" {
          var previous: UnicodeScalar?
          while let s = scalars.next() {
            if s.value == 0x07 || (previous?.value == 0x1B && s == "\\") { break }
            previous = s
          }
        }
        continue
      }
      if value == 0x09 || value == 0x0A || value == 0x0D {
        result.append(" ")
        continue
      }
      if value < 0x20 || value == 0x7F || (0x80...0x9F).contains(value) { continue }
      if isBidiControl(value) || value == 0xFEFF { continue }
      result.append(scalar)
    }
    return String(result)
  }

  static func isBidiControl(_ value: UInt32) -> Bool {
    (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
      || value == 0x200E || value == 0x200F || value == 0x061C
  }

}
