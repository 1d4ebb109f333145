// Small browser helpers for the Blazor pages. Charts use the ECharts copy shipped in lib/echarts
// (no CDN: the app must work without internet access); it is loaded only when a chart is drawn.
// Text typed through an input method (IME) is not text until the composition ends: "chang'jiang" is on its way to
// 长江. For inputs marked data-ime-final (the search boxes), Blazor never sees the input events or the Enter that
// belong to a composition (window capture runs before Blazor's document listeners); when the composition ends, one
// input event reports the final text. Chromium sends no input event of its own after compositionend.
(function () {
  function marked(e) {
    return e.target instanceof HTMLInputElement && e.target.hasAttribute('data-ime-final');
  }
  window.addEventListener('input', function (e) {
    if (e.isComposing && marked(e)) {
      e.stopImmediatePropagation();
    }
  }, true);
  window.addEventListener('keydown', function (e) {
    if ((e.isComposing || e.keyCode === 229) && marked(e)) {
      e.stopImmediatePropagation();
    }
  }, true);
  window.addEventListener('compositionend', function (e) {
    if (marked(e)) {
      e.target.dispatchEvent(new Event('input', { bubbles: true }));
    }
  }, true);
})();

window.crm = (function () {
  let echartsLoading = null;

  function loadECharts() {
    if (window.echarts) {
      return Promise.resolve(window.echarts);
    }
    if (!echartsLoading) {
      echartsLoading = new Promise(function (resolve, reject) {
        const script = document.createElement('script');
        script.src = '/lib/echarts/echarts.min.js';
        script.onload = function () { resolve(window.echarts); };
        script.onerror = function () { echartsLoading = null; reject(new Error('echarts failed to load')); };
        document.head.appendChild(script);
      });
    }
    return echartsLoading;
  }

  const observed = new WeakMap();

  return {
    submitForm: function (id) {
      const form = document.getElementById(id);
      if (form) {
        form.submit();
      }
    },

    // option: a plain ECharts option object built on the server (data and texts are already localized).
    renderChart: async function (element, option) {
      if (!element) {
        return;
      }
      const echarts = await loadECharts();
      let chart = echarts.getInstanceByDom(element);
      if (!chart) {
        chart = echarts.init(element, null, { renderer: 'svg' });
        const observer = new ResizeObserver(function () { chart.resize(); });
        observer.observe(element);
        observed.set(element, observer);
      }
      chart.setOption(option, true);
      element.setAttribute('data-chart-ready', 'true');
    },

    disposeChart: function (element) {
      if (!element || !window.echarts) {
        return;
      }
      const observer = observed.get(element);
      if (observer) {
        observer.disconnect();
        observed.delete(element);
      }
      const chart = window.echarts.getInstanceByDom(element);
      if (chart) {
        chart.dispose();
      }
    }
  };
})();
