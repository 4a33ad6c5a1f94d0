"""The rows listings and exports stream (register/strom.py)."""

from __future__ import annotations


def test_strommens_rader_har_de_offentlige_formenes_felt() -> None:
    # The streamed rows are twins of the public shapes: a field added to one and not the
    # other would vanish from listings or exports without an error.
    from konsreg.models import AvtaleEksport, SakPublic
    from konsreg.register.strom import AvtaleRad, SakRad

    assert SakRad._fields == tuple(SakPublic.model_fields)
    assert AvtaleRad._fields == tuple(AvtaleEksport.model_fields)
