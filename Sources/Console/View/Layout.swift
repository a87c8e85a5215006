import WeChatPayCore

/// Where each part of the frame goes for a terminal size. `update` uses it for page sizes and
/// scrolling, `view` for drawing, so both agree.
///
///     row 0          title line
///     rows 1…12      form box: 8 fields, the focused field's rule, the status line
///     rows 13…h-2    history box (border + rows)
///     row h-1        key-hint bar
public struct Layout: Equatable, Sendable {
    public static let minimumSize = Size(width: 60, height: 19)
    public static let formHeight = PreSendField.allCases.count + 4

    public let size: Size
    /// Cells for the form's labels: `Layout.labelWidth` for the API names alone, wider where a
    /// language writes its word beside them (`商品券 product_coupon_id`).
    public let labelWidth: Int

    public init(size: Size, labelWidth: Int = Layout.labelWidth) { self.size = size; self.labelWidth = labelWidth }

    public var isTooSmall: Bool { size.width < Self.minimumSize.width || size.height < Self.minimumSize.height }

    public var formTop: Int { 1 }
    public var fieldTop: Int { formTop + 1 }
    public var ruleRow: Int { fieldTop + PreSendField.allCases.count }
    public var statusRow: Int { ruleRow + 1 }
    public var formBottom: Int { statusRow + 1 }

    public var historyTop: Int { formBottom + 1 }
    public var historyBottom: Int { size.height - 2 }
    public var historyFirstRow: Int { historyTop + 1 }
    /// Rows of sends visible in the history box.
    public var historyRows: Int { max(1, historyBottom - historyFirstRow) }
    public var hintRow: Int { size.height - 1 }

    /// Column where field labels start, and where values start.
    public var labelColumn: Int { 4 }
    public static let labelWidth = 18
    public var valueColumn: Int { labelColumn + labelWidth + 1 }
    /// Cells for a value: up to the mark column, which sits just inside the right border.
    public var valueWidth: Int { max(4, size.width - valueColumn - 4) }
    public var markColumn: Int { size.width - 3 }

    /// Overlays cover the panes edge to edge (a narrower window over box borders looks broken),
    /// up to 120 columns, centred beyond that.
    public var overlayWidth: Int { min(size.width, 120) }
    public var overlayHeight: Int { size.height - 2 }
    public var overlayOrigin: Point { Point(x: (size.width - overlayWidth) / 2, y: 1) }
    /// Lines of content an overlay shows (inside its border, under its title).
    public var overlayContentRows: Int { max(1, overlayHeight - 2) }
}
