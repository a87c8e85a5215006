/// A run of cells in one row that differ between two frames.
public struct ChangedRun: Equatable, Sendable {
    public var y: Int
    public var x: Int
    public var width: Int
}

extension CellGrid {
    /// The runs of `self` that differ from `previous`, one run per changed row from its first to its
    /// last changed cell, widened so no run starts or ends inside a double-width character.
    /// A different size means everything changed. The terminal layer redraws just these runs.
    public func changedRuns(since previous: CellGrid?) -> [ChangedRun] {
        guard let previous, previous.size == size else {
            return (0..<size.height).map { ChangedRun(y: $0, x: 0, width: size.width) }
        }
        var runs: [ChangedRun] = []
        let w = size.width
        cells.withUnsafeBufferPointer { new in
            previous.cells.withUnsafeBufferPointer { old in
                for y in 0..<size.height {
                    let base = y * w
                    var first = -1, last = -1
                    for x in 0..<w where new[base + x] != old[base + x] {
                        if first < 0 { first = x }
                        last = x
                    }
                    guard first >= 0 else { continue }
                    if first > 0 && (new[base + first].width == 0 || old[base + first].width == 0) { first -= 1 }
                    if last + 1 < w && (new[base + last].width == 2 || old[base + last].width == 2) { last += 1 }
                    runs.append(ChangedRun(y: y, x: first, width: last - first + 1))
                }
            }
        }
        return runs
    }
}

extension CellGrid {
    /// Copies `runs` of `frame` into this grid (an off-screen copy of what the terminal shows).
    public mutating func apply(_ runs: [ChangedRun], from frame: CellGrid) {
        guard frame.size == size else { self = frame; return }
        for run in runs {
            let base = run.y * size.width
            for x in run.x..<(run.x + run.width) { cells[base + x] = frame.cells[base + x] }
        }
        cursor = frame.cursor
    }
}
