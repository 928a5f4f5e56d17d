"""The normative-document register and the Art. 20 registers behind table 二."""
