// Small browser helpers for the Blazor pages. Charts use the ECharts copy shipped in lib/echarts
// (no CDN: the app must work without internet access); it is loaded only when a chart is drawn.
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
    // A suggestion input whose value was taken (a tag added): remove the taken text but keep whatever the user typed
    // after it while the server was busy, then tell the server the remaining text.
    takeText: function (input, taken) {
      if (!input) {
        return;
      }
      const value = input.value || '';
      const rest = taken && value.startsWith(taken) ? value.slice(taken.length).replace(/^[,，\s]+/, '') : value;
      if (rest !== value) {
        input.value = rest;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }
    },

    // A suggestion input's value changed on the server (a pick, a reload): set it; typing never goes this way.
    setValue: function (input, value) {
      if (input && input.value !== value) {
        input.value = value;
      }
    },

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
