"""Printed pages (FORMS.md): fonts by role, GB/T 9704 geometry, Chinese typesetting, one module
per form. ReportLab is imported only here, lazily, never at start-up."""
