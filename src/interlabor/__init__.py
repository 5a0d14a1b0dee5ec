"""interlabor: labour footprints, unequal exchange and cooperative planning on MRIO tables."""

from .algebra import LeontiefSolver, check_productive, coefficients, leontief_inverse
from .errors import InterlaborError
from .model import MRIO, Account, build_mrio
from .store import read_mrio, write_mrio
from .units import MonetaryUnit

__version__ = "0.1.0"

__all__ = [
    "MRIO",
    "Account",
    "InterlaborError",
    "LeontiefSolver",
    "MonetaryUnit",
    "__version__",
    "build_mrio",
    "check_productive",
    "coefficients",
    "leontief_inverse",
    "read_mrio",
    "write_mrio",
]
