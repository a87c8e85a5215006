import CouponDeskCLI
import Foundation

// The executable only wires: everything the command line does lives in the CouponDeskCLI library.
exit(await CouponDeskCLI.main())
